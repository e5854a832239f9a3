import { describe, expect, it } from 'vitest';
import { loadWasmKernels, loadWasmKernelsAsync } from './kernels';
import { values } from './test-data';

/** op(A)·op(B) + bias in double, the plain triple loop. */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean, bias: Float32Array | null): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = bias ? bias[j]! : 0;
      for (let p = 0; p < k; p++) sum += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = sum;
    }
  }
  return out;
}

describe('the WebAssembly GEMM', () => {
  const kernels = loadWasmKernels({ threads: 1 });

  it('agrees with the triple loop to float32 rounding: every transpose, with and without bias, sizes off the 4x8 tiles and the blocks', () => {
    for (const [m, k, n] of [[1, 1, 1], [4, 8, 8], [7, 3, 5], [33, 300, 17], [73, 513, 9], [2, 0, 3]] as const) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          for (const withBias of [false, true]) {
            const a = values(m * k, m + 7 * k);
            const b = values(k * n, n + 3 * k);
            const bias = withBias ? values(n, 99) : null;
            const out = new Float32Array(m * n).fill(Number.NaN);
            kernels.matmulF32(a, b, out, m, k, n, ta, tb, bias);
            const expected = reference(a, b, m, k, n, ta, tb, bias);
            const label = `${m}x${k}x${n} ta=${ta} tb=${tb} bias=${withBias}`;
            for (let i = 0; i < out.length; i++) expect(Math.abs(out[i]! - expected[i]!), label).toBeLessThanOrEqual(1e-5 * (1 + Math.sqrt(k)));
          }
        }
      }
    }
  });

  it('grows its memory for large operands, and the sync and async loaders give the same bits', async () => {
    const big = [600, 900, 300] as const;
    const a = values(big[0] * big[1], 1);
    const b = values(big[1] * big[2], 2);
    const first = new Float32Array(big[0] * big[2]);
    kernels.matmulF32(a, b, first, ...big, false, false, null);
    const second = new Float32Array(first.length);
    (await loadWasmKernelsAsync()).matmulF32(a, b, second, ...big, false, false, null);
    expect(Array.from(second)).toEqual(Array.from(first));
    const small = new Float32Array(6);
    kernels.matmulF32(values(6, 3), values(9, 4), small, 2, 3, 3, false, false, null);
    expect(small.every(Number.isFinite)).toBe(true);
  });

  it('gives the same bits on two threads (a worker on a shared memory) as on one, whatever the split', () => {
    const two = loadWasmKernels({ threads: 2 });
    expect(two.details).toBe('simd128, 2 threads');
    expect(kernels.details).toBe('simd128, 1 thread');
    for (const [m, k, n] of [[64, 784, 300], [500, 300, 100], [128, 128, 17], [300, 1000, 40], [90, 513, 1030]] as const) {
      for (const [ta, tb, withBias] of [[false, false, false], [true, false, true], [false, true, true]] as const) {
        const a = values(m * k, 11 + m);
        const b = values(k * n, 13 + n);
        const bias = withBias ? values(n, 5) : null;
        const one = new Float32Array(m * n);
        const both = new Float32Array(m * n).fill(Number.NaN);
        kernels.matmulF32(a, b, one, m, k, n, ta, tb, bias);
        two.matmulF32(a, b, both, m, k, n, ta, tb, bias);
        expect(both.every((v, i) => Object.is(v, one[i])), `${m}x${k}x${n} ta=${ta} tb=${tb}`).toBe(true);
      }
    }
  });

  it('rejects unknown options and thread counts that are not whole numbers >= 1, naming them', async () => {
    expect(() => loadWasmKernels({ thread: 2 } as never)).toThrow("loadWasmKernels: unknown option 'thread' (expected: threads)");
    expect(() => loadWasmKernels({ threads: 0 })).toThrow('loadWasmKernels: threads must be a whole number >= 1, got 0');
    await expect(loadWasmKernelsAsync({ threads: 1.5 })).rejects.toThrow('loadWasmKernelsAsync: threads must be a whole number >= 1, got 1.5');
    expect((await loadWasmKernelsAsync({ threads: 1 })).details).toBe('simd128, 1 thread');
  });
});
