import { describe, expect, it } from 'vitest';
import { tensor } from '../creation';
import { ShapeError, ValueError } from '../errors';
import { numericalGradient, relativeError } from '../gradient-check';
import { RandomGenerator } from '../random';
import type { Tensor } from '../tensor';
import { avgPool2d, avgPool2dBackprop, maxPool2d, maxPool2dBackprop } from './pool';

/** Σ g·y: a scalar whose gradient with respect to y is g. */
const weighted = (y: Tensor, g: Tensor): number => {
  let s = 0;
  for (let i = 0; i < y.size; i++) s += y.data[i]! * g.data[i]!;
  return s;
};

const random = new RandomGenerator(9);

/** [1, 6, 6, 2] with element (h, w, c) = ((h·6 + w)·2 + c) mod 7 - 3: many ties, small integers. */
const grid = tensor(Array.from({ length: 72 }, (_, p) => (p % 7) - 3), { shape: [1, 6, 6, 2], dtype: 'float64' });

describe('maxPool2d', () => {
  it("takes window maxima, padding never winning (values from PyTorch 1.13, input padded with -inf as TensorFlow's 'same')", () => {
    expect(maxPool2d(grid, { poolSize: 3, strides: 2, padding: 'same' }).toArray()).toEqual([[
      [[2, 3], [3, 2], [3, 2]], [[3, 3], [2, 3], [3, 2]], [[3, 2], [2, 3], [2, 3]],
    ]]);
  });

  it('defaults to 2x2 windows side by side, and records the first maximum of each window', () => {
    const x = tensor([1, 5, 2, 0, 5, 3, 1, 7, 4, 4, 4, 4, 0, 1, 2, 3], { shape: [1, 4, 4, 1] });
    const indices = new Int32Array(4);
    expect(maxPool2d(x, { indices }).toArray()).toEqual([[[[5], [7]], [[4], [4]]]]);
    // Window (0, 0) holds 1 5 / 5 3: the 5 at flat index 1 comes first. Window (1, 0): 4 4 / 0 1 -> index 8.
    expect([...indices]).toEqual([1, 7, 8, 10]);
    expect(maxPool2dBackprop(tensor([10, 20, 30, 40], { shape: [1, 2, 2, 1] }), indices, x.shape).data).toEqual(
      new Float32Array([0, 10, 0, 0, 0, 0, 0, 20, 30, 0, 40, 0, 0, 0, 0, 0]),
    );
  });

  it('has a gradient that agrees with finite differences where maxima are unique, summed where windows overlap', () => {
    const x = random.normal([2, 5, 5, 3], 0, 1, { dtype: 'float64' });
    const options = { poolSize: 3, strides: 1 } as const;
    const indices = new Int32Array(2 * 3 * 3 * 3);
    const y = maxPool2d(x, { ...options, indices });
    const g = random.normal(y.shape, 0, 1, { dtype: 'float64' });
    const loss = (): number => weighted(maxPool2d(x, options), g);
    expect(relativeError(maxPool2dBackprop(g, indices, x.shape), numericalGradient(loss, x))).toBeLessThan(1e-8);
  });

  it('refuses indices of the wrong size or outside the input', () => {
    const x = random.normal([1, 4, 4, 1]);
    expect(() => maxPool2d(x, { indices: new Int32Array(3) })).toThrow(/indices must be an Int32Array of 4 values/);
    expect(() => maxPool2dBackprop(random.normal([1, 2, 2, 1]), new Int32Array([0, 1, 2, 99]), x.shape)).toThrow(/index 99 at 3 is outside the input \[1, 4, 4, 1\]/);
  });
});

describe('avgPool2d', () => {
  it("averages only the input elements a 'same' window covers, as TensorFlow does", () => {
    const x = tensor(Array.from({ length: 9 }, (_, i) => i + 1), { shape: [1, 3, 3, 1] });
    // 2x2 windows, stride 2, 'same' on 3: out 2, one padded row and column at the end.
    expect(avgPool2d(x, { padding: 'same' }).toArray()).toEqual([[[[3], [4.5]], [[7.5], [9]]]]);
  });

  it('has a gradient that agrees with finite differences (float64)', () => {
    for (const options of [{ poolSize: 3, strides: 2, padding: 'same' }, { poolSize: [2, 3], strides: 1 }] as const) {
      const x = random.normal([2, 5, 6, 2], 0, 1, { dtype: 'float64' });
      const y = avgPool2d(x, options);
      const g = random.normal(y.shape, 0, 1, { dtype: 'float64' });
      const loss = (): number => weighted(avgPool2d(x, options), g);
      expect(relativeError(avgPool2dBackprop(g, x.shape, options), numericalGradient(loss, x))).toBeLessThan(1e-8);
    }
  });

  it('refuses bad windows, naming the value', () => {
    const x = random.normal([1, 4, 4, 2]);
    expect(() => avgPool2d(x, { poolSize: 0 })).toThrow(ValueError);
    expect(() => avgPool2d(x, { poolSize: 0 })).toThrow(/poolSize must be an integer >= 1 or 2 of them, got 0/);
    expect(() => avgPool2d(x, { poolSize: 5 })).toThrow(ShapeError);
    expect(() => avgPool2d(x, { poolSize: 5 })).toThrow(/the window \(5\) is larger than the input's height \(4\)/);
    expect(() => avgPool2d(x, { strides: -1 })).toThrow(/strides must be an integer >= 1/);
    expect(() => avgPool2dBackprop(random.normal([1, 3, 3, 2]), x.shape)).toThrow(/does not match the output \[1, 2, 2, 2\]/);
  });
});
