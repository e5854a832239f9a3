import { RandomGenerator, mean, std } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { Conv2D } from './convolution';
import { Dense } from './dense';
import { layerFromConfig } from './from-config';
import type { Initializer } from './initializers';
import { initializerFromConfig, xavierHe } from './initializers';
import { LSTM } from './recurrent/lstm';
import { TRUNCATED_NORMAL_STD, glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal } from './variance-scaling';

const FAN_IN = 400;
const FAN_OUT = 100;

const draw = (initializer: Initializer, seed = 3) => initializer.create([FAN_IN, FAN_OUT], FAN_IN, FAN_OUT, 'float64', new RandomGenerator(seed));

describe('Keras initialisers: formulas and names', () => {
  // [initialiser, Keras's standard deviation of the weights, the largest |w| Keras can draw]
  const cases: [Initializer, number, number][] = [
    [glorotUniform(), Math.sqrt(2 / (FAN_IN + FAN_OUT)), Math.sqrt(6 / (FAN_IN + FAN_OUT))],
    [heUniform(), Math.sqrt(2 / FAN_IN), Math.sqrt(6 / FAN_IN)],
    [glorotNormal(), Math.sqrt(2 / (FAN_IN + FAN_OUT)), (2 * Math.sqrt(2 / (FAN_IN + FAN_OUT))) / TRUNCATED_NORMAL_STD],
    [heNormal(), Math.sqrt(2 / FAN_IN), (2 * Math.sqrt(2 / FAN_IN)) / TRUNCATED_NORMAL_STD],
    [lecunNormal(), Math.sqrt(1 / FAN_IN), (2 * Math.sqrt(1 / FAN_IN)) / TRUNCATED_NORMAL_STD],
  ];

  for (const [initializer, sigma, bound] of cases) {
    it(`${initializer.name}: standard deviation ${sigma.toPrecision(3)}, every |w| <= ${bound.toPrecision(3)}, and a config round trip`, () => {
      const w = draw(initializer);
      // 40,000 draws: the sample standard deviation is within 1.5% of σ with overwhelming probability.
      expect(Math.abs(std(w).item() / sigma - 1)).toBeLessThan(0.015);
      expect(Math.abs(mean(w).item())).toBeLessThan(sigma * 0.02);
      let largest = 0;
      for (const v of w.data) largest = Math.max(largest, Math.abs(v));
      expect(largest).toBeLessThanOrEqual(bound * (1 + 1e-12));
      // A truncation or a uniform limit is reached, not just a tail: the largest draw is near the bound.
      expect(largest).toBeGreaterThan(bound * 0.97);
      const again = initializerFromConfig(initializer.getConfig());
      expect(again.getConfig()).toEqual({ name: initializer.name });
      expect(Array.from(draw(again).data)).toEqual(Array.from(w.data));
    });
  }

  it('He normal is not the tutorial\'s xavierHe(normal, relu), which keeps its own σ = 2/√(in + out)', () => {
    expect(Math.abs(std(draw(xavierHe('normal', 'relu'))).item() / (2 / Math.sqrt(FAN_IN + FAN_OUT)) - 1)).toBeLessThan(0.015);
    expect(Math.abs(std(draw(heNormal())).item() / (2 / Math.sqrt(FAN_IN + FAN_OUT)) - 1)).toBeGreaterThan(0.2);
  });
});

describe('Glorot uniform is the default kernel initialiser, as in Keras', () => {
  it('of Dense, Convolution and the recurrent layers\' input kernels', () => {
    const dense = new Dense(4, 3, { random: new RandomGenerator(1) });
    expect((dense.getConfig().initializer as { name: string }).name).toBe('glorotUniform');
    const conv = new Conv2D({ filters: 2, kernelSize: 3 });
    expect((conv.getConfig().initializer as { name: string }).name).toBe('glorotUniform');
    const lstm = new LSTM({ units: 3 });
    expect((lstm.getConfig().kernelInitializer as { name: string }).name).toBe('glorotUniform');
  });

  it('draws what xavierHe(uniform, sigmoid) drew, so seeded models built before it keep their weights', () => {
    const before = new Dense(30, 20, { initializer: xavierHe('uniform', 'sigmoid'), random: new RandomGenerator(5) });
    const now = new Dense(30, 20, { random: new RandomGenerator(5) });
    expect(Array.from(now.weights.value.data)).toEqual(Array.from(before.weights.value.data));
  });

  it('a saved config that names xavierHe still loads with it', () => {
    const config = new Dense(4, 3, { initializer: xavierHe('normal', 'relu'), random: new RandomGenerator(1) }).getConfig();
    const loaded = layerFromConfig(config, new RandomGenerator(1));
    expect(loaded.getConfig().initializer).toEqual({ name: 'xavierHe', distribution: 'normal', activation: 'relu' });
  });
});

describe('a generator or an initialiser of the wrong kind (issue 13, item 14)', () => {
  it('is refused when the layer is made, naming the option', () => {
    expect(() => new Dense(4, 3, { random: 42 as never })).toThrow('Dense: random must be a RandomGenerator (for a seed write new RandomGenerator(42)), got 42');
    expect(() => new Dense(4, 3, { initializer: glorotUniform as never })).toThrow('Dense: initializer must be an Initializer such as glorotUniform() (call it: glorotUniform(), not glorotUniform), got a function');
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, biasInitializer: 'zeros' as never })).toThrow(/Conv2D: biasInitializer must be an Initializer/);
    expect(() => initializerFromConfig(null as never)).toThrow(/unknown initialiser undefined \(known: zeros, constant, xavierHe, uniform, orthogonal, glorotUniform/);
  });
});
