import { RandomGenerator, ShapeError, ValueError, avgPool2d, maxPool2d, reshape, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D } from './global-pooling';
import { AveragePool1D, AveragePool2D, MaxPool1D, MaxPool2D } from './pooling';
import { expectConfigRoundTrip, expectOutputShape, gradientCheck } from './test-support/check-layer';

// Normal draws have no ties, so a maximum's gradient is defined and finite differences find it.
const data = (shape: number[], seed = 7) => new RandomGenerator(seed).normal(shape, 0, 1, { dtype: 'float64' });

describe('MaxPool2D and AveragePool2D', () => {
  it('agree with finite differences (float64), for overlapping and padded windows', () => {
    for (const options of [{}, { poolSize: 3, strides: 2, padding: 'same' }, { poolSize: [2, 3], strides: 1 }] as const) {
      for (const layer of [new MaxPool2D(options), new AveragePool2D(options)]) {
        layer.build([6, 7, 3]);
        gradientCheck(layer, data([2, 6, 7, 3]));
        expectOutputShape(layer, data([3, 6, 7, 3]));
        expectConfigRoundTrip(layer);
      }
    }
  });

  it('compute what the pooling ops compute (2x2 windows side by side by default, as in Keras)', () => {
    const x = data([2, 28, 28, 6]);
    expect(new MaxPool2D().forward(x).shape).toEqual([2, 14, 14, 6]);
    expect(Array.from(new MaxPool2D().forward(x).data)).toEqual(Array.from(maxPool2d(x).data));
    expect(Array.from(new AveragePool2D({ padding: 'same', poolSize: 3 }).forward(x).data)).toEqual(Array.from(avgPool2d(x, { poolSize: 3, padding: 'same' }).data));
  });

  it('route the gradient of a max-pool backward pass after an inference pass too', () => {
    const layer = new MaxPool2D();
    const x = tensor([1, 5, 2, 0, 5, 3, 1, 7, 4, 4, 4, 4, 0, 1, 2, 3], { shape: [1, 4, 4, 1] });
    layer.forward(x);
    expect(Array.from(layer.backward(tensor([1, 2, 3, 4], { shape: [1, 2, 2, 1] })).data)).toEqual([0, 1, 0, 0, 0, 0, 0, 2, 3, 0, 4, 0, 0, 0, 0, 0]);
  });

  it('refuse bad windows and inputs, naming the value', () => {
    expect(() => new MaxPool2D({ poolSize: 0 })).toThrow(ValueError);
    expect(() => new MaxPool2D({ poolSize: 0 })).toThrow('MaxPool2D: poolSize must be an integer >= 1 or 2 of them, got 0');
    expect(() => new AveragePool2D({ strides: 2.5 })).toThrow('AveragePool2D: strides must be an integer >= 1 or 2 of them, got 2.5');
    expect(() => new MaxPool2D({ padding: 'causal' as never })).toThrow(/padding must be 'valid' or 'same', got "causal"/);
    expect(() => new MaxPool2D({ pool_size: 2 } as never)).toThrow(/unknown option 'pool_size'/);
    expect(() => new MaxPool2D({ poolSize: 3 }).outputShape([2, 9, 4])).toThrow(ShapeError);
    expect(() => new MaxPool2D({ poolSize: 3 }).outputShape([2, 9, 4])).toThrow("maxPool2d: the window (3) is larger than the input's height (2)");
    expect(() => new MaxPool2D().forward(data([4, 10]))).toThrow('maxPool2d: expected a batch [batch, height, width, channels], got [4, 10]');
  });
});

describe('MaxPool1D and AveragePool1D', () => {
  it('agree with finite differences (float64) and are the 2-D pooling of height 1', () => {
    for (const options of [{}, { poolSize: 3, strides: 2, padding: 'same' }] as const) {
      for (const [layer, flat] of [[new MaxPool1D(options), new MaxPool2D({ ...options, poolSize: [1, options.poolSize ?? 2], strides: [1, options.strides ?? options.poolSize ?? 2] })],
        [new AveragePool1D(options), new AveragePool2D({ ...options, poolSize: [1, options.poolSize ?? 2], strides: [1, options.strides ?? options.poolSize ?? 2] })]] as const) {
        layer.build([9, 2]);
        gradientCheck(layer, data([2, 9, 2]));
        expectOutputShape(layer, data([3, 9, 2]));
        expectConfigRoundTrip(layer);
        const x = data([2, 9, 2]);
        expect(Array.from(layer.forward(x).data)).toEqual(Array.from(flat.forward(reshape(x, [2, 1, 9, 2])).data));
      }
    }
  });
});

describe('global pooling', () => {
  it('reduces every position of each channel, and agrees with finite differences (float64)', () => {
    const cases = [
      [new GlobalAveragePooling2D(), [4, 5, 3]], [new GlobalMaxPooling2D(), [4, 5, 3]], [new GlobalAveragePooling1D(), [6, 3]], [new GlobalMaxPooling1D(), [6, 3]],
    ] as const;
    for (const [layer, sample] of cases) {
      layer.build(sample);
      expect(layer.outputShape(sample)).toEqual([3]);
      gradientCheck(layer, data([2, ...sample]));
      expectOutputShape(layer, data([3, ...sample]));
      expectConfigRoundTrip(layer);
    }
    const x = tensor([1, 10, 5, 20, 3, 0, 7, 30], { shape: [1, 2, 2, 2] });
    expect(new GlobalAveragePooling2D().forward(x).toArray()).toEqual([[4, 15]]);
    expect(new GlobalMaxPooling2D().forward(x).toArray()).toEqual([[7, 30]]);
    expect(() => new GlobalAveragePooling2D().outputShape([10, 3])).toThrow('globalAveragePooling2d: expects samples [height, width, channels], got [10, 3]');
    expect(() => new GlobalMaxPooling1D({ keepDims: true } as never)).toThrow(/unknown option 'keepDims'/);
  });
});
