import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation';
import { ValueError } from '../errors';
import { ravel, shapeArbitrary, size, unravel, valuesArbitrary } from '../test-support/reference';
import { argmax, argmin, max, mean, min, std, sum, variance } from './reduce';

/** Groups the elements by their index with `axis` removed: the slices a reduction folds. */
function slicesAlong(values: readonly number[], shape: readonly number[], axis: number): [number[][], number[]] {
  const outShape = shape.filter((_, i) => i !== axis);
  const groups: number[][] = Array.from({ length: size(outShape) }, () => []);
  values.forEach((v, i) => {
    const index = unravel(i, shape);
    groups[ravel(index.filter((_, k) => k !== axis), outShape)]!.push(v);
  });
  return [groups, outShape];
}

const referenceReductions: [string, typeof sum, (xs: number[]) => number][] = [
  ['sum', sum, (xs) => xs.reduce((a, b) => a + b, 0)],
  ['max', max, (xs) => Math.max(...xs)],
  ['min', min, (xs) => Math.min(...xs)],
  ['argmax', argmax, (xs) => xs.indexOf(Math.max(...xs))],
  ['argmin', argmin, (xs) => xs.indexOf(Math.min(...xs))],
  ['mean', mean, (xs) => xs.reduce((a, b) => a + b, 0) / xs.length],
  ['variance', variance, (xs) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
  }],
];

describe('reductions', () => {
  for (const [name, op, reference] of referenceReductions) {
    it(`${name} matches the reference along every axis, with and without keepdims`, () => {
      fc.assert(
        fc.property(
          shapeArbitrary(4, 4).filter((s) => s.length > 0)
            .chain((s) => fc.tuple(fc.constant(s), valuesArbitrary(size(s)), fc.integer({ min: -s.length, max: s.length - 1 }), fc.boolean())),
          ([shape, values, axis, keepdims]) => {
            const x = tensor(new Float64Array(values), { shape });
            const positive = axis < 0 ? axis + shape.length : axis;
            const [groups, outShape] = slicesAlong(values, shape, positive);
            const result = op(x, { axis, keepdims });
            expect(result.shape).toEqual(keepdims ? shape.map((d, i) => (i === positive ? 1 : d)) : outShape);
            groups.forEach((g, i) => expect(result.data[i]).toBeCloseTo(reference(g), 9));
            const all = op(x);
            expect(all.shape).toEqual([]);
            expect(all.item()).toBeCloseTo(reference(values), 9);
          },
        ),
        { numRuns: 50 },
      );
    });
  }

  it('computes by hand: axis 0 and 1 of a matrix', () => {
    const x = tensor([[1, 5, 3], [4, 2, 6]], { dtype: 'float64' });
    expect(sum(x, { axis: 0 }).toArray()).toEqual([5, 7, 9]);
    expect(sum(x, { axis: 1, keepdims: true }).toArray()).toEqual([[9], [12]]);
    expect(mean(x).item()).toBe(3.5);
    expect(argmax(x, { axis: 1 }).toArray()).toEqual([1, 2]);
    expect(argmin(x).item()).toBe(0);
    expect(variance(tensor([1, 2, 3, 4], { dtype: 'float64' })).item()).toBe(1.25);
    expect(variance(tensor([1, 2, 3, 4], { dtype: 'float64' }), { ddof: 1 }).item()).toBeCloseTo(5 / 3, 15);
    expect(std(tensor([2, 4, 4, 4, 5, 5, 7, 9], { dtype: 'float64' })).item()).toBe(2);
  });

  it('picks the first index on ties and propagates NaN as numpy does', () => {
    expect(argmax(tensor([3, 1, 3])).item()).toBe(0);
    expect(argmin(tensor([1, 0, 0])).item()).toBe(1);
    const withNaN = tensor([1, Number.NaN, 5]);
    expect(max(withNaN).item()).toBeNaN();
    expect(min(withNaN).item()).toBeNaN();
    expect(argmax(withNaN).item()).toBe(1);
  });

  it('keeps precision for float32 by summing in float64', () => {
    const x = tensor(new Float32Array(1_000_000).fill(0.1));
    expect(sum(x).item()).toBeCloseTo(100000 * 1.0000000149011612, 0);
  });

  it('explains what is wrong with an axis or an empty input', () => {
    const x = tensor([[1, 2]]);
    expect(() => sum(x, { axis: 2 })).toThrow('sum: axis 2 is out of range for a tensor of rank 2');
    expect(() => max(tensor([]))).toThrow(ValueError);
    expect(sum(tensor([])).item()).toBe(0);
    expect(() => variance(tensor([1]), { ddof: 1 })).toThrow(/ddof must be an integer in \[0, 1\)/);
  });
});
