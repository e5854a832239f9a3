import { Tanh } from '@nnts/activations';
import { RandomGenerator, ShapeError, ValueError, conv2d, reshape, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { Conv1D, Conv2D } from './convolution';
import { constant } from './initializers';
import { expectConfigRoundTrip, expectOutputShape, gradientCheck } from './test-support/check-layer';

const random = (seed = 1): RandomGenerator => new RandomGenerator(seed);
const images = (shape: number[], seed = 7) => random(seed).normal(shape, 0, 1, { dtype: 'float64' });

/** A Conv2D built for `inputShape` in float64 with a non-zero bias. */
function built<T extends Conv2D | Conv1D>(layer: T, inputShape: number[]): T {
  layer.build(inputShape, { random: random(3), dtype: 'float64' });
  return layer;
}

describe('Conv2D', () => {
  it('agrees with finite differences (float64) for every padding, stride, dilation, bias and activation', () => {
    const cases = [
      { filters: 3, kernelSize: 3 },
      { filters: 2, kernelSize: [2, 3], strides: 2, padding: 'same' },
      { filters: 2, kernelSize: 2, dilationRate: [2, 1], padding: 'same', useBias: false },
      { filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh', biasInitializer: constant(0.2) },
      { filters: 3, kernelSize: 1, activation: new Tanh() },
    ] as const;
    for (const options of cases) {
      const layer = built(new Conv2D(options), [6, 5, 2]);
      gradientCheck(layer, images([2, 6, 5, 2]));
      expectOutputShape(layer, images([3, 6, 5, 2]));
      expectConfigRoundTrip(layer);
    }
  });

  it('keeps its kernel as Keras does, [kh, kw, inChannels, filters], and computes what the conv2d op computes', () => {
    const layer = built(new Conv2D({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', biasInitializer: constant(0.5) }), [6, 6, 2]);
    expect(layer.weights.value.shape).toEqual([3, 3, 2, 2]);
    expect(layer.bias!.value.shape).toEqual([2]);
    const x = images([2, 6, 6, 2]);
    const expected = conv2d(x, layer.weights.value, { strides: 2, padding: 'same', bias: layer.bias!.value });
    expect(Array.from(layer.forward(x).data)).toEqual(Array.from(expected.data));
    expect(layer.forward(x).shape).toEqual([2, 3, 3, 2]);
  });

  it("draws Keras's Glorot uniform with a convolution's fans: every tap of every channel", () => {
    const layer = new Conv2D({ filters: 16, kernelSize: 5 });
    expect(layer.built).toBe(false);
    layer.build([14, 14, 6], { random: random(4) });
    const limit = Math.sqrt(6 / (25 * 6 + 25 * 16));
    const values = Array.from(layer.weights.value.data);
    expect(Math.max(...values)).toBeLessThanOrEqual(limit);
    expect(Math.max(...values)).toBeGreaterThan(0.95 * limit);
    expect(layer.weights.value.dtype).toBe('float32');
    expect(layer.parameters().map((p) => p.value.size)).toEqual([2400, 16]);
  });

  it('fuses its activation where the backend can, giving the values two steps give', () => {
    const options = { filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' } as const;
    const fused = built(new Conv2D(options), [7, 7, 3]);
    const plain = built(new Conv2D({ ...options, activation: null }), [7, 7, 3]);
    const x = images([2, 7, 7, 3]);
    const z = plain.forward(x);
    expect(Array.from(fused.forward(x).data)).toEqual(Array.from(z.data, (v) => Math.max(v, 0)));
    const g = images([2, 7, 7, 5], 8);
    const dx = fused.backward(g);
    const masked = tensor(Array.from(g.data, (v, i) => (z.data[i]! > 0 ? v : 0)), { shape: g.shape, dtype: 'float64' });
    expect(Array.from(dx.data)).toEqual(Array.from(plain.backward(masked).data));
    expect(Array.from(fused.weights.gradient.data)).toEqual(Array.from(plain.weights.gradient.data));
  });

  it('refuses bad configuration and input, naming the value', () => {
    expect(() => new Conv2D({ filters: 0, kernelSize: 3 })).toThrow('Conv2D: filters must be an integer >= 1, got 0');
    expect(() => new Conv2D({ filters: 2 } as never)).toThrow(/kernelSize is required/);
    expect(() => new Conv2D({ filters: 2, kernelSize: -1 })).toThrow(ValueError);
    expect(() => new Conv2D({ filters: 2, kernelSize: [3, 3, 3] })).toThrow(/kernelSize must be an integer >= 1 or 2 of them, got \[3, 3, 3\]/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, strides: 1.5 })).toThrow(/strides must be an integer >= 1 or 2 of them, got 1.5/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, padding: 'full' as never })).toThrow(/padding must be 'valid' or 'same', got "full"/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(/strides > 1 and dilationRate > 1 cannot be combined/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, kernel_size: 3 } as never)).toThrow(/unknown option 'kernel_size'/);
    const layer = new Conv2D({ filters: 2, kernelSize: 5 });
    expect(() => layer.outputShape([4, 8, 1])).toThrow(ShapeError);
    expect(() => layer.outputShape([4, 8, 1])).toThrow("conv2d: the window (5) is larger than the input's height (4) with 'valid' padding");
    expect(() => layer.outputShape([28, 28])).toThrow('conv2d: expects samples [height, width, channels], got [28, 28]');
    const ready = built(new Conv2D({ filters: 2, kernelSize: 3 }), [8, 8, 3]);
    expect(() => ready.outputShape([8, 8, 1])).toThrow('conv2d: expects 3 input channels, got samples [8, 8, 1]');
    expect(() => ready.forward(images([2, 8, 8, 1]))).toThrow('conv2d: expects 3 input channels, got a batch [2, 8, 8, 1]');
    expect(() => ready.forward(images([2, 64]))).toThrow('conv2d: expected a batch [batch, height, width, channels], got [2, 64]');
    expect(() => ready.backward(images([2, 6, 6, 2]))).toThrow(/call forward first/);
  });
});

describe('Conv1D', () => {
  it('agrees with finite differences (float64) and is a Conv2D of height 1 with the same weights', () => {
    for (const options of [{ filters: 3, kernelSize: 3 }, { filters: 2, kernelSize: 2, strides: 2, padding: 'same', activation: 'tanh' }] as const) {
      const layer = built(new Conv1D(options), [7, 2]);
      expect(layer.weights.value.shape).toEqual([options.kernelSize, 2, options.filters]);
      gradientCheck(layer, images([2, 7, 2]));
      expectOutputShape(layer, images([3, 7, 2]));
      expectConfigRoundTrip(layer);
      const flat = built(new Conv2D({ ...options, kernelSize: [1, options.kernelSize], strides: [1, 'strides' in options ? options.strides : 1] }), [1, 7, 2]);
      flat.weights.value.data.set(layer.weights.value.data);
      flat.bias!.value.data.set(layer.bias!.value.data);
      const x = images([2, 7, 2]);
      expect(Array.from(flat.forward(reshape(x, [2, 1, 7, 2])).data)).toEqual(Array.from(layer.forward(x).data));
    }
  });

  it('refuses images and windows longer than the sequence', () => {
    expect(() => new Conv1D({ filters: 2, kernelSize: 3 }).outputShape([28, 28, 1])).toThrow('conv1d: expects samples [steps, channels], got [28, 28, 1]');
    expect(() => new Conv1D({ filters: 2, kernelSize: 9 }).outputShape([4, 1])).toThrow("conv1d: the window (9) is larger than the input's length (4)");
  });
});
