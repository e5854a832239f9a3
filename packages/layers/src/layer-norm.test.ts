import { RandomGenerator, ShapeError, mean, tensor, variance } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { LayerNormalization } from './layer-norm';
import { expectConfigRoundTrip, gradientCheck } from './test-support/check-layer';

const random = (seed: number): RandomGenerator => new RandomGenerator(seed);

describe('LayerNormalization', () => {
  it('normalises each vector of the last axis to mean 0 and variance 1 (before gamma and beta)', () => {
    const layer = new LayerNormalization({ epsilon: 1e-9, dtype: 'float64' });
    const x = random(1).normal([2, 3, 5], 4, 3, { dtype: 'float64' });
    const y = layer.forward(x);
    for (let row = 0; row < 6; row++) {
      const v = tensor([...y.data.subarray(row * 5, row * 5 + 5)], { dtype: 'float64' });
      expect(mean(v).data[0]).toBeCloseTo(0, 12);
      expect(variance(v).data[0]).toBeCloseTo(1, 6);
    }
  });

  it('agrees with finite differences (float64): input, gamma and beta, on 2-D and 3-D input', () => {
    for (const shape of [[4, 5], [2, 3, 4]]) {
      const layer = new LayerNormalization({ dtype: 'float64' });
      layer.build(shape.slice(1));
      layer.parameters()[0]!.value.data.set(random(2).normal([shape.at(-1)!], 1, 0.5, { dtype: 'float64' }).data);
      layer.parameters()[1]!.value.data.set(random(3).normal([shape.at(-1)!], 0, 0.5, { dtype: 'float64' }).data);
      gradientCheck(layer, random(4).normal(shape, 0, 1, { dtype: 'float64' }));
    }
    gradientCheck(new LayerNormalization({ center: false, scale: false, dtype: 'float64' }), random(5).normal([3, 4], 0, 1, { dtype: 'float64' }));
  });

  it('refuses bad input and configuration; round-trips its config', () => {
    expect(() => new LayerNormalization({ epsilon: 0 })).toThrow(/epsilon must be > 0, got 0/);
    expect(() => new LayerNormalization({ axis: 1 } as never)).toThrow(/axis/);
    const layer = new LayerNormalization();
    layer.forward(random(1).normal([2, 4]));
    expect(() => layer.forward(random(1).normal([2, 5]))).toThrow(ShapeError);
    expectConfigRoundTrip(layer);
  });
});
