import { RandomGenerator, ShapeError, ValueError } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { Flatten, Reshape } from './reshape';
import { expectConfigRoundTrip, expectOutputShape, gradientCheck } from './test-support/check-layer';

const data = (shape: number[]) => new RandomGenerator(3).normal(shape, 0, 1, { dtype: 'float64' });

describe('Flatten and Reshape', () => {
  it('change the sample shape without copying, in row-major (channels-last) order, and pass gradients back', () => {
    const x = data([2, 5, 5, 16]);
    const flatten = new Flatten();
    const y = flatten.forward(x);
    expect(y.shape).toEqual([2, 400]);
    expect(y.data).toBe(x.data);
    expect(flatten.forward(x)).toBe(y);
    expect(flatten.backward(y).shape).toEqual([2, 5, 5, 16]);
    const reshape = new Reshape({ targetShape: [-1, 4] });
    expect(reshape.outputShape([5, 8])).toEqual([10, 4]);
    for (const layer of [flatten, reshape, new Reshape({ targetShape: [8, 5, 1] })]) {
      layer.build([5, 8]);
      gradientCheck(layer, data([3, 5, 8]));
      expectOutputShape(layer, data([3, 5, 8]));
      expectConfigRoundTrip(layer);
    }
  });

  it('refuse shapes that do not hold the same values, naming both', () => {
    expect(() => new Reshape({ targetShape: [3, 3] }).outputShape([5, 2])).toThrow(ShapeError);
    expect(() => new Reshape({ targetShape: [3, 3] }).outputShape([5, 2])).toThrow('reshape: cannot reshape samples [5, 2] (10 values) into [3, 3]');
    expect(() => new Reshape({ targetShape: [-1, 3] }).outputShape([5, 2])).toThrow(/\(10 values\) into \[-1, 3\]/);
    expect(() => new Reshape({ targetShape: [-1, -1] })).toThrow(ValueError);
    expect(() => new Reshape({ targetShape: [0, 2] })).toThrow('Reshape: targetShape must be positive integers with at most one -1, got [0, 2]');
  });
});
