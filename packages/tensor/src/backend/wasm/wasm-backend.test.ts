import { afterAll, describe, expect, it } from 'vitest';
import { loadWasmKernelsAsync } from '@nnts/wasm';
import { getBackend, registerWasmKernels, setBackend, wasmBackendStatus } from '../active-backend';
import { tensor } from '../../creation';
import { RandomGenerator } from '../../random';
import { matmul } from '../../ops/matmul';
import { relativeError } from '../../gradient-check';
import { jsBackend } from '../js/js-backend';
import type { Backend, BinaryOp, UnaryOp } from '../backend';
import type { FloatArray } from '../../dtype';

const initial = getBackend();
afterAll(() => {
  setBackend(initial);
});

describe.skipIf(!wasmBackendStatus().available)('the WebAssembly backend', () => {
  it('multiplies as the TypeScript backend does, to float32 rounding, and runs float64 products with its exact bits', () => {
    const wasm = setBackend('wasm') && getBackend();
    expect(wasm.name).toBe('wasm');
    const random = new RandomGenerator(4);
    for (const [m, k, n] of [[500, 784, 300], [7, 3, 5], [33, 300, 17]] as const) {
      for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true]] as const) {
        const a = random.normal(transposeA ? [k, m] : [m, k]);
        const b = random.normal(transposeB ? [n, k] : [k, n]);
        const viaWasm = matmul(a, b, { transposeA, transposeB });
        setBackend(jsBackend);
        const viaJs = matmul(a, b, { transposeA, transposeB });
        setBackend(wasm);
        expect(relativeError(viaWasm, viaJs), `${m}x${k}x${n}`).toBeLessThan(1e-5);
      }
    }
    const a64 = random.normal([9, 11], 0, 1, { dtype: 'float64' });
    const b64 = random.normal([11, 13], 0, 1, { dtype: 'float64' });
    const bits = Array.from(matmul(a64, b64).data);
    setBackend(jsBackend);
    expect(Array.from(matmul(a64, b64).data)).toEqual(bits);
    setBackend(wasm);
    expect(matmul(tensor([[1, 2], [3, 4]]), tensor([[1, 2], [3, 4]])).toArray()).toEqual([[7, 10], [15, 22]]);
  });

  it('takes kernels loaded asynchronously, as a page loads them, through registerWasmKernels', async () => {
    registerWasmKernels(await loadWasmKernelsAsync({ threads: 1 }));
    setBackend('wasm');
    expect(getBackend().details).toBe('simd128, 1 thread');
    expect(matmul(tensor([[1, 2], [3, 4]]), tensor([[1, 2], [3, 4]])).toArray()).toEqual([[7, 10], [15, 22]]);
  });

  describe.each(['float32', 'float64'] as const)('its elementwise kernels give the TypeScript backend\'s bits, %s', (dtype) => {
    const wasm = (setBackend('wasm'), getBackend());
    setBackend(initial);
    const random = new RandomGenerator(15);
    const EDGES = [0, -0, 1e-40, -1e-40, 5e-324, 1, -1, 22, -22, 89, -104, 710, -746, 3e38, -3e38, Infinity, -Infinity, NaN];
    const x = random.normal([300, 67], 0, 4, { dtype }).data;
    EDGES.forEach((edge, i) => (x[i * 101] = edge));
    const y = random.normal([300, 67], 0, 1, { dtype }).data;
    const like = (a: FloatArray): FloatArray => (a instanceof Float64Array ? new Float64Array(a.length) : new Float32Array(a.length));
    const same = (a: FloatArray, b: FloatArray): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
    const both = (run: (backend: Backend, out: FloatArray) => void, size = x.length): void => {
      const viaWasm = like(x).subarray(0, size);
      const viaJs = like(x).subarray(0, size);
      run(wasm, viaWasm);
      run(jsBackend, viaJs);
      expect(same(viaWasm, viaJs)).toBe(true);
    };

    it('unary ops, log and the ops the module lacks included', () => {
      for (const op of ['neg', 'abs', 'exp', 'log', 'sqrt', 'square', 'tanh', 'sign', 'clip'] as UnaryOp[]) {
        both((backend, out) => backend.unary(op, x, out, -2, 3.5));
      }
    });

    it('binary ops: same shape, a scalar, a broadcast row (the TypeScript loop), and pow', () => {
      const row = random.normal([1, 67], 0, 1, { dtype }).data;
      const scalar = y.subarray(3, 4);
      const plan = (bStrides: number[]) => ({ shape: [300, 67], aStrides: [67, 1], bStrides });
      for (const op of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as BinaryOp[]) {
        both((backend, out) => backend.binary(op, x, y, out, plan([67, 1])));
        both((backend, out) => backend.binary(op, x, scalar, out, plan([0, 0])));
        both((backend, out) => backend.binary(op, x, row, out, plan([0, 1])));
      }
    });

    it('reductions (sums in the module, the others in TypeScript) and addScaled', () => {
      for (const [outer, length, inner] of [[1, 300, 67], [300, 67, 1], [3, 100, 67], [1, 20_100, 1]] as const) {
        for (const op of ['sum', 'max', 'min', 'argmax', 'argmin'] as const) both((backend, out) => backend.reduce(op, x, out, outer, length, inner), outer * inner);
      }
      both((backend, out) => {
        out.set(y);
        backend.addScaled(out, x, -0.0137);
      });
    });

    it('the finiteness check and the random draws', () => {
      const finite = random.normal([5000], 0, 1e30, { dtype }).data;
      expect(wasm.allFinite?.(finite)).toBe(true);
      // Below the size where the module pays, it declines: the caller's loop answers.
      expect(wasm.allFinite?.(finite.subarray(0, 100))).toBe(false);
      expect(wasm.allFinite?.(x)).toBe(false);
      const generator = new RandomGenerator(3);
      const twin = new RandomGenerator(3);
      const draws = new Uint32Array(10_007);
      setBackend(wasm);
      generator.fillUint32(draws);
      setBackend(initial);
      expect(Array.from(draws.subarray(0, 5))).toEqual(Array.from({ length: 5 }, () => twin.nextUint32()));
      for (let i = 5; i < draws.length; i++) twin.nextUint32();
      expect(generator.nextUint32()).toBe(twin.nextUint32());
    });

    it('matmulActivation is the product then the activation kernel, on float32 for the activations it runs; false otherwise, having written nothing', () => {
      const a = random.normal([50, 30], 0, 1, { dtype }).data;
      const b = random.normal([30, 20], 0, 1, { dtype }).data;
      const bias = random.normal([20], 0, 1, { dtype }).data;
      const [z, activated] = [new (a.constructor as Float32ArrayConstructor)(1000), new (a.constructor as Float32ArrayConstructor)(1000)];
      const fused = wasm.matmulActivation?.(a, b, z, 50, 30, 20, false, false, bias, 'leakyRelu', 0.5, activated);
      expect(fused).toBe(dtype === 'float32');
      if (!fused) return;
      const [zAlone, activatedAlone] = [like(z), like(z)];
      wasm.matmul(a, b, zAlone, 50, 30, 20, false, false, bias);
      activatedAlone.set(activated.map((_, i) => (zAlone[i]! > 0 ? zAlone[i]! : 0.5 * zAlone[i]!)));
      expect(same(z, zAlone) && same(activated, activatedAlone)).toBe(true);
      for (const name of ['gelu', 'elu']) {
        const untouched = like(z);
        expect(wasm.matmulActivation?.(a, b, untouched, 50, 30, 20, false, false, bias, name, 0, untouched)).toBe(false);
        expect(untouched.every((v) => v === 0)).toBe(true);
      }
    });
  });
});
