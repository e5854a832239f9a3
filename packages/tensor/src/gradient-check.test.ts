import { describe, expect, it } from 'vitest';
import { tensor } from './creation';
import { maxRelativeError, numericalGradient, relativeError } from './gradient-check';
import { ShapeError } from './errors';

describe('numericalGradient', () => {
  it('differentiates a known function and restores its input', () => {
    const x = tensor([1, -2, 3], { dtype: 'float64' });
    const g = numericalGradient((t) => Array.from(t.data).reduce((s, v) => s + v ** 3, 0), x);
    [3, 12, 27].forEach((v, i) => expect(g.get(i)).toBeCloseTo(v, 6));
    expect(x.toArray()).toEqual([1, -2, 3]);
  });
});

describe('relativeError', () => {
  const f64 = (values: number[]) => tensor(values, { dtype: 'float64' });

  it('is the norm ratio of the classic gradient check', () => {
    expect(relativeError(f64([3, 4]), f64([3, 4]))).toBe(0);
    expect(relativeError(f64([1, 0]), f64([0, 1]))).toBeCloseTo(1, 15);
    expect(relativeError(f64([1, 1]), f64([1.001, 1]))).toBeCloseTo(0.001 / Math.sqrt(2.001 ** 2 + 4), 12);
    expect(relativeError(f64([1, 2]), f64([-1, -2]))).toBe(Infinity);
    expect(relativeError(f64([0, 0]), f64([0, 0]))).toBe(0);
    expect(relativeError(f64([1]), f64([Number.NaN]))).toBeNaN();
  });

  it('has a strict elementwise twin, floored near zero', () => {
    expect(maxRelativeError(f64([100, 1]), f64([101, 1]))).toBeCloseTo(1 / 101, 12);
    expect(maxRelativeError(f64([1e-22]), f64([0]))).toBeLessThan(1e-13);
    expect(maxRelativeError(f64([1, 1]), f64([Number.NaN, 1]))).toBeNaN();
    expect(() => maxRelativeError(tensor([1]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => relativeError(tensor([1]), tensor([1, 2]))).toThrow(ShapeError);
  });
});
