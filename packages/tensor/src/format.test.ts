import { describe, expect, it } from 'vitest';
import { arange, linspace, tensor, zeros } from './creation';
import { reshape } from './ops/movement';

// Expected strings are numpy 2.4's repr of the same arrays, with `array(` spelled `tensor(`.
describe('toString', () => {
  it('prints matrices like numpy, with float64 marked', () => {
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(tensor([[0.00247262, 0.0025024, 1]], { dtype: 'float64' }).toString())
      .toBe('tensor([[0.00247262, 0.0025024 , 1.        ]], dtype=float64)');
  });

  it('uses the shortest float32 digits and aligns decimal points', () => {
    expect(tensor([0.1, 0.25, 3]).toString()).toBe('tensor([0.1 , 0.25, 3.  ])');
    expect(tensor([0.1, 2.5, -3]).toString()).toBe('tensor([ 0.1,  2.5, -3. ])');
  });

  it('switches to scientific notation for wide ranges', () => {
    expect(tensor([1e-5, 1000], { dtype: 'float64' }).toString()).toBe('tensor([1.e-05, 1.e+03], dtype=float64)');
  });

  it('summarises more than 1000 elements with ...', () => {
    expect(linspace(-6, 6, 1001, { dtype: 'float64' }).toString())
      .toBe('tensor([-6.   , -5.988, -5.976, ...,  5.976,  5.988,  6.   ], dtype=float64)');
    const text = reshape(arange(3000), [30, 100]).toString();
    expect(text.split('\n')).toHaveLength(7);
    expect(text).toContain('        ...,\n');
    expect(text.startsWith('tensor([[   0.,    1.,    2., ...,   97.,   98.,   99.],')).toBe(true);
  });

  it('separates blocks of rank 3 by blank lines and prints scalars and non-finite values', () => {
    expect(zeros([2, 1, 2]).toString()).toBe('tensor([[[0., 0.]],\n\n        [[0., 0.]]])');
    expect(tensor(3).toString()).toBe('tensor(3.)');
    expect(tensor([Number.NaN, 1.5, Number.POSITIVE_INFINITY]).toString()).toBe('tensor([  nan,   1.5,   inf])');
  });

  it('wraps long rows at 75 characters', () => {
    const lines = arange(30, undefined, 1, { dtype: 'float64' }).toString().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(75);
  });
});
