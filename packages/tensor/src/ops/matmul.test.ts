import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation';
import { RandomGenerator } from '../random';
import { referenceMatmul } from '../test-support/reference';
import { reshape, sliceRows, transpose } from './movement';
import { matmul } from './matmul';

function closeTo(actual: ArrayLike<number>, expected: readonly number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tolerance * (1 + Math.abs(expected[i]!)));
  }
}

describe('matmul', () => {
  it('matches the triple loop for every transposition, across block edges (float64)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }),
        fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 }),
        (m, k, n, transposeA, transposeB, seed) => {
          const random = new RandomGenerator(seed);
          const a = random.uniform(transposeA ? [k, m] : [m, k], -1, 1, { dtype: 'float64' });
          const b = random.uniform(transposeB ? [n, k] : [k, n], -1, 1, { dtype: 'float64' });
          const c = matmul(a, b, { transposeA, transposeB });
          expect(c.shape).toEqual([m, n]);
          closeTo(c.data, referenceMatmul(a.data, b.data, m, k, n, transposeA, transposeB), 1e-12);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('handles shapes larger than one packed block (k > 256, n > 1024, m > 96)', () => {
    const random = new RandomGenerator(7);
    for (const [m, k, n] of [[97, 300, 5], [3, 513, 1030], [130, 2, 9]] as const) {
      for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const a = random.normal(transposeA ? [k, m] : [m, k], 0, 1, { dtype: 'float64' });
        const b = random.normal(transposeB ? [n, k] : [k, n], 0, 1, { dtype: 'float64' });
        closeTo(matmul(a, b, { transposeA, transposeB }).data, referenceMatmul(a.data, b.data, m, k, n, transposeA, transposeB), 1e-10);
      }
    }
  });

  it('transposed operands give the same result as transposing first', () => {
    const random = new RandomGenerator(3);
    const x = random.normal([6, 4]);
    const g = random.normal([6, 5]);
    expect(matmul(x, g, { transposeA: true }).toArray()).toEqual(matmul(transpose(x), g).toArray());
    expect(matmul(g, random.normal([5, 5]), { transposeB: true }).shape).toEqual([6, 5]);
  });

  it('float32 results are within float32 rounding of the float64 product', () => {
    // The classic bound for a float32 dot product of length k, |error| <= k·2⁻²⁴·Σ|a||b|, holds
    // whether a backend accumulates in float32 (native) or float64 (TypeScript).
    const random = new RandomGenerator(11);
    const a = random.uniform([50, 70], -1, 1);
    const b = random.uniform([70, 30], -1, 1);
    const exact = referenceMatmul(a.data, b.data, 50, 70, 30, false, false);
    const magnitude = referenceMatmul(a.data.map(Math.abs), b.data.map(Math.abs), 50, 70, 30, false, false);
    const product = matmul(a, b).data;
    for (let i = 0; i < exact.length; i++) expect(Math.abs(product[i]! - exact[i]!)).toBeLessThanOrEqual(70 * 2 ** -24 * magnitude[i]!);
  });

  it('adds a bias vector to every row', () => {
    const a = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
    const w = tensor([[1, 0, 2], [0, 1, 3]], { dtype: 'float64' });
    expect(matmul(a, w, { bias: tensor([10, 20, 30], { dtype: 'float64' }) }).toArray()).toEqual([[11, 22, 38], [13, 24, 48]]);
    expect(() => matmul(a, w, { bias: tensor([1, 2], { dtype: 'float64' }) })).toThrow(/bias \[2\] must be a vector of 3 values/);
    expect(() => matmul(a, w, { bias: tensor([1, 2, 3]) })).toThrow(/dtype/);
  });

  it('writes into out, and works on row slices', () => {
    const a = reshape(tensor([1, 2, 3, 4, 5, 6]), [3, 2]);
    const b = tensor([[1, 0], [0, 1]]);
    const out = zeros([2, 2]);
    expect(matmul(sliceRows(a, 1, 3), b, { out })).toBe(out);
    expect(out.toArray()).toEqual([[3, 4], [5, 6]]);
  });

  it('explains shape, dtype and aliasing errors', () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow('matmul: inner dimensions differ: [2, 3] @ [4, 5] (3 vs 4)');
    expect(() => matmul(zeros([3, 2]), zeros([4, 5]), { transposeA: true })).toThrow('matmul: inner dimensions differ: [3, 2]ᵀ @ [4, 5] (3 vs 4)');
    expect(() => matmul(zeros([2]), zeros([2, 2]))).toThrow(/expected two matrices, got shapes \[2\] and \[2, 2\]/);
    expect(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: 'float64' }))).toThrow(/dtypes differ/);
    const a = zeros([2, 2]);
    expect(() => matmul(a, zeros([2, 2]), { out: a })).toThrow(/must not share storage/);
    expect(() => matmul(a, a, { out: zeros([3, 2]) })).toThrow(/out has shape \[3, 2\] but the result has shape \[2, 2\]/);
  });

  it('handles empty dimensions', () => {
    expect(matmul(zeros([0, 3]), zeros([3, 2])).shape).toEqual([0, 2]);
    expect(matmul(zeros([2, 0]), zeros([0, 2])).toArray()).toEqual([[0, 0], [0, 0]]);
  });
});
