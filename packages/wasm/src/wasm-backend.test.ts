import type { Backend } from '@nnts/tensor';
import { RandomGenerator, getBackend, jsBackend, matmul, relativeError, setBackend, tensor } from '@nnts/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWasmBackend } from './wasm-backend';

let wasm: Backend;
const initial = getBackend();
beforeAll(async () => {
  wasm = await loadWasmBackend();
});
afterAll(() => {
  setBackend(initial);
});

/** op(A)·op(B) + bias by the TypeScript backend and by the WebAssembly one, for the same operands. */
function both(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, withBias: boolean, dtype: 'float32' | 'float64' = 'float32') {
  const random = new RandomGenerator(m * 1000 + k * 10 + n);
  const a = random.normal(transposeA ? [k, m] : [m, k], 0, 1, { dtype }).data;
  const b = random.normal(transposeB ? [n, k] : [k, n], 0, 1, { dtype }).data;
  const bias = withBias ? random.normal([n], 0, 1, { dtype }).data : null;
  const make = () => (dtype === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n));
  const expected = make();
  const actual = make();
  jsBackend.matmul(a, b, expected, m, k, n, transposeA, transposeB, bias);
  wasm.matmul(a, b, actual, m, k, n, transposeA, transposeB, bias);
  return { expected: tensor(expected, { shape: [m, n] }), actual: tensor(actual, { shape: [m, n] }) };
}

describe('the WebAssembly backend', () => {
  it('multiplies as the TypeScript backend does, to float32 rounding: every transpose, with and without bias, sizes off the tiles', () => {
    for (const [m, k, n] of [[1, 1, 1], [4, 8, 8], [7, 3, 5], [33, 300, 17], [500, 784, 300], [73, 513, 9], [2, 0, 3]] as const) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          for (const withBias of [false, true]) {
            const { expected, actual } = both(m, k, n, transposeA, transposeB, withBias);
            const label = `${m}x${k}x${n} ${transposeA ? 'Aᵀ' : 'A'} ${transposeB ? 'Bᵀ' : 'B'}${withBias ? ' + bias' : ''}`;
            if (k === 0 && !withBias) expect(Array.from(actual.data), label).toEqual(Array.from(expected.data));
            else expect(relativeError(actual, expected), label).toBeLessThan(1e-5);
          }
        }
      }
    }
  });

  it('gives float64 products the TypeScript backend\'s exact bits (it runs them)', () => {
    const { expected, actual } = both(9, 11, 13, true, false, true, 'float64');
    expect(Array.from(actual.data)).toEqual(Array.from(expected.data));
  });

  it('grows its memory for large operands and keeps giving the same results', () => {
    const small = both(5, 6, 7, false, false, true);
    both(1200, 1000, 300, false, true, false);
    const again = both(5, 6, 7, false, false, true);
    expect(Array.from(again.actual.data)).toEqual(Array.from(small.actual.data));
  });

  it('runs the public ops once it is the active backend, and says its name', () => {
    setBackend(wasm);
    expect(getBackend().name).toBe('wasm');
    const x = tensor([[1, 2], [3, 4]]);
    expect(matmul(x, x).toArray()).toEqual([[7, 10], [15, 22]]);
    expect(matmul(x, x, { transposeB: true }).toArray()).toEqual([[5, 11], [11, 25]]);
  });
});
