import { afterAll, describe, expect, it } from 'vitest';
import { loadWasmKernelsAsync } from '@nnts/wasm';
import { getBackend, registerWasmKernels, setBackend, wasmBackendStatus } from '../active-backend';
import { tensor } from '../../creation';
import { RandomGenerator } from '../../random';
import { matmul } from '../../ops/matmul';
import { relativeError } from '../../gradient-check';
import { jsBackend } from '../js/js-backend';

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
});
