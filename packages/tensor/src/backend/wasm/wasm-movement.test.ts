import { afterAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, wasmBackendStatus } from '../active-backend';
import { tensor } from '../../creation';
import { RandomGenerator } from '../../random';
import { gatherRows, transpose } from '../../ops/movement';
import { jsBackend } from '../js/js-backend';
import type { FloatArray } from '../../dtype';

const initial = getBackend();
afterAll(() => {
  setBackend(initial);
});

const same = (a: FloatArray, b: FloatArray): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe.skipIf(!wasmBackendStatus().available)('the WebAssembly backend\'s row movements', () => {
  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    const random = new RandomGenerator(21);

    it('gatherRows gives what the TypeScript backend gives, from a small source (in the module) and from a large one (its loop)', () => {
      // 40 rows of 13, with -0, NaN and ±∞ among them; 37 and 100 rows gathered put the source on
      // both sides of where the backend stops calling the module.
      const x = random.normal([40, 13], 0, 3, { dtype });
      [-0, NaN, Infinity, -Infinity, 1e-40].forEach((edge, i) => (x.data[i * 97] = edge));
      for (const count of [37, 100, 5]) {
        const indices = Int32Array.from({ length: count }, (_, r) => (r * 23 + 7) % 40);
        setBackend('wasm');
        const viaWasm = gatherRows(x, indices);
        setBackend(jsBackend);
        const viaJs = gatherRows(x, indices);
        expect(viaWasm.shape).toEqual([count, 13]);
        expect(same(viaWasm.data, viaJs.data), `${count} rows`).toBe(true);
      }
      setBackend('wasm');
      expect(gatherRows(tensor([[1, 2], [3, 4], [5, 6]]), Int32Array.from([2, 0, 2, 1])).toArray()).toEqual([[5, 6], [1, 2], [5, 6], [3, 4]]);
    });

    it('swapLeadingAxes is the transpose of the two leading axes, at the shapes the recurrent layers swap', () => {
      setBackend('wasm');
      const wasm = getBackend();
      expect(wasm.swapLeadingAxes).toBeDefined();
      for (const shape of [[128, 40, 60], [3, 1, 5], [1, 7, 2], [6, 9, 1]] as const) {
        const x = random.normal([...shape], 0, 1, { dtype });
        x.data[0] = NaN;
        const out = x.dtype === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
        wasm.swapLeadingAxes!(x.data, out, shape[0], shape[1], shape[2]);
        setBackend(jsBackend);
        expect(same(out, transpose(x, [1, 0, 2]).data), `[${shape.join(', ')}]`).toBe(true);
        setBackend(wasm);
      }
    });
  });

  it('runs the LSTM cell in the module and leaves its backward pass and the GRU kernels to the layers\' loops (slower in the module, as measured)', () => {
    setBackend('wasm');
    const wasm = getBackend();
    expect(typeof wasm.lstmCell).toBe('function');
    expect([wasm.lstmCellBackward, wasm.gruCell, wasm.gruCellBackward]).toEqual([undefined, undefined, undefined]);
  });
});
