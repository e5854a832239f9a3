import { LeakyReLU, Softmax, Tanh } from '@nnts/activations';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, ValueError, addOnesColumn, matmul, numericalGradient, relativeError, std, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { ActivationLayer } from './activation-layer';
import { BatchNorm } from './batch-norm';
import { Dense } from './dense';
import { Dropout } from './dropout';
import { layerFromConfig } from './from-config';
import { constant, xavierHe, zeros } from './initializers';
import type { Layer } from './layer';

const random = (seed = 1): RandomGenerator => new RandomGenerator(seed);

/** Σ g·forward(x): a scalar whose gradient with respect to x (and the parameters) is backward(g). */
function gradientCheck(layer: Layer, x: Tensor): void {
  const out = layer.forward(x, { training: true });
  const g = random(99).normal(out.shape, 0, 1, { dtype: 'float64' });
  const loss = (): number => {
    const y = layer.forward(x, { training: true });
    let s = 0;
    for (let i = 0; i < y.size; i++) s += g.data[i]! * y.data[i]!;
    return s;
  };
  layer.forward(x, { training: true });
  const dx = layer.backward(g);
  const analytic = layer.parameters().map((p) => tensor(p.gradient.data, { shape: p.gradient.shape }));
  expect(relativeError(dx, numericalGradient(loss, x))).toBeLessThan(1e-6);
  layer.parameters().forEach((p, i) => expect(relativeError(analytic[i]!, numericalGradient(loss, p.value)), p.name).toBeLessThan(1e-6));
}

const batch = (): Tensor => random(7).normal([6, 4], 0, 1, { dtype: 'float64' });

describe('every layer against finite differences (float64)', () => {
  it('Dense: input, weights and bias', () => {
    gradientCheck(new Dense(4, 3, { random: random(), dtype: 'float64', biasInitializer: constant(0.3) }), batch());
  });

  it('Activation layers', () => {
    for (const activation of [new Tanh(), new LeakyReLU({ alpha: 0.1 }), new Softmax()]) gradientCheck(new ActivationLayer(activation), batch());
  });

  it('Dropout with a fixed mask', () => {
    const mask = tensor(Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? 0 : 2)), { shape: [6, 4], dtype: 'float64' });
    gradientCheck(new Dropout({ rate: 0.5, random: random() }).useFixedMask(mask), batch());
  });

  it('BatchNorm in training mode: input, gamma and beta', () => {
    const layer = new BatchNorm(4, { dtype: 'float64' });
    layer.gamma.value.data.set([1.5, 0.5, -1, 2]);
    layer.beta.value.data.set([0.1, -0.2, 0.3, 0]);
    gradientCheck(layer, batch());
  });
});

describe('Dense', () => {
  it('computes x·W + b and exposes the seed bias-row view', () => {
    const layer = new Dense(2, 1, { initializer: constant(2), biasInitializer: constant(-1), dtype: 'float64' });
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
    expect(layer.forward(x).toArray()).toEqual([[5], [13]]);
    const theta = layer.weightsWithBiasRow();
    expect(theta.toArray()).toEqual([[2], [2], [-1]]);
    expect(matmul(addOnesColumn(x, { position: 'last' }), theta).toArray()).toEqual([[5], [13]]);
  });

  it('reuses its output buffer across batches of one size', () => {
    const layer = new Dense(2, 3, { random: random() });
    const first = layer.forward(random().normal([5, 2]));
    const second = layer.forward(random(2).normal([5, 2]));
    expect(second).toBe(first);
    expect(layer.forward(random().normal([4, 2]))).not.toBe(first);
  });

  it('runs with the activation after it as one call where the backend fuses them, giving what two calls give', () => {
    for (const activation of [new LeakyReLU({ alpha: 0.2 }), new Tanh(), new Softmax()]) {
      const build = (): [Dense, ActivationLayer] => [new Dense(7, 40, { initializer: xavierHe('normal', 'relu'), random: new RandomGenerator(9) }), new ActivationLayer(activation)];
      const x = new RandomGenerator(10).normal([33, 7]);
      const [dense, layer] = build();
      const separate = layer.forward(dense.forward(x));
      const [fusedDense, fusedLayer] = build();
      const fused = fusedLayer.forwardAfter(fusedDense, x);
      expect(Array.from(fused.data)).toEqual(Array.from(separate.data));
      const g = new RandomGenerator(11).normal([33, 40]);
      expect(Array.from(fusedDense.backward(fusedLayer.backward(g)).data)).toEqual(Array.from(dense.backward(layer.backward(g)).data));
      expect(Array.from(fusedDense.weights.gradient.data)).toEqual(Array.from(dense.weights.gradient.data));
    }
  });

  it('validates its arguments and inputs', () => {
    expect(() => new Dense(0, 3)).toThrow('Dense: inputs must be an integer >= 1, got 0');
    expect(() => new Dense(2, 3)).toThrow(/xavierHe draws random numbers: pass \{ random/);
    expect(() => new Dense(2, 3, { initializer: zeros(), l2: -1 })).toThrow(/l2 must be >= 0/);
    expect(() => new Dense(2, 3, { initializer: zeros(), lr: 1 } as never)).toThrow(/unknown option 'lr'/);
    const layer = new Dense(2, 3, { initializer: zeros() });
    expect(() => layer.forward(tensor([[1, 2, 3]]))).toThrow('Dense: expected 2 input features, got [1, 3]');
    expect(() => new Dense(2, 3, { initializer: zeros() }).backward(tensor([[1, 2, 3]]))).toThrow(/call forward first/);
  });
});

describe('initialisers (the seed table)', () => {
  it('xavierHe normal: σ = gain·√(2/(in+out)), gains 1, 4, √2', () => {
    const base = Math.sqrt(2 / 1001);
    for (const [activation, gain] of [['sigmoid', 1], ['tanh', 4], ['relu', Math.SQRT2]] as const) {
      const w = xavierHe('normal', activation).create([1000, 1], 1000, 1, 'float64', random(3));
      expect(std(w).item() / (gain * base)).toBeCloseTo(1, 1);
    }
  });

  it('xavierHe uniform: within ±gain·√(6/(in+out))', () => {
    const r = Math.sqrt(6 / 1001);
    const w = xavierHe('uniform', 'sigmoid').create([1000, 1], 1000, 1, 'float64', random(3));
    expect(Math.max(...w.data)).toBeLessThanOrEqual(r);
    expect(Math.min(...w.data)).toBeGreaterThanOrEqual(-r);
    expect(Math.max(...w.data)).toBeGreaterThan(0.95 * r);
    expect(() => xavierHe('normal', 'gelu' as never)).toThrow(ValueError);
  });

  it('same seed, same weights', () => {
    const a = new Dense(5, 4, { random: random(11) });
    const b = new Dense(5, 4, { random: random(11) });
    expect(Array.from(a.weights.value.data)).toEqual(Array.from(b.weights.value.data));
  });
});

describe('Dropout and BatchNorm modes', () => {
  it('Dropout zeroes about `rate` of the inputs in training, scales the rest, and is the identity at inference', () => {
    const layer = new Dropout({ rate: 0.25, random: random() });
    const x = tensor(new Float64Array(40_000).fill(1), { shape: [200, 200] });
    const y = layer.forward(x, { training: true });
    const kept = Array.from(y.data).filter((v) => v !== 0);
    expect(kept.length / 40_000).toBeCloseTo(0.75, 1);
    expect(kept.every((v) => v === 1 / 0.75)).toBe(true);
    expect(layer.forward(x)).toBe(x);
    expect(() => new Dropout({ rate: 1, random: random() })).toThrow('Dropout: rate must be in [0, 1), got 1');
  });

  it('BatchNorm normalises batches in training and uses running statistics at inference', () => {
    const layer = new BatchNorm(2, { dtype: 'float64', momentum: 1 });
    const x = tensor([[1, 10], [3, 30], [5, 50]], { dtype: 'float64' });
    const y = layer.forward(x, { training: true });
    expect(y.get(0, 0)).toBeCloseTo(-Math.sqrt(1.5), 4);
    expect(Array.from(layer.runningMean.data)).toEqual([3, 30]);
    expect(layer.runningVariance.get(0)).toBeCloseTo(4, 12); // unbiased: 8/2
    const atInference = layer.forward(tensor([[3, 30]], { dtype: 'float64' }));
    expect(atInference.toArray()).toEqual([[0, 0]]);
    expect(() => new BatchNorm(2).forward(tensor([[1, 2]]), { training: true })).toThrow(/at least 2 samples/);
    expect(() => new BatchNorm(2).forward(tensor([[1, 2, 3]]))).toThrow(ShapeError);
  });
});

describe('configuration', () => {
  it('every layer round-trips through JSON', () => {
    const layers: Layer[] = [
      new Dense(3, 2, { random: random(), l2: 0.01, initializer: xavierHe('normal', 'relu') }),
      new ActivationLayer(new LeakyReLU({ alpha: 0.2 })),
      new Dropout({ rate: 0.3, random: random() }),
      new BatchNorm(2, { momentum: 0.2 }),
    ];
    for (const layer of layers) {
      const config = JSON.parse(JSON.stringify(layer.getConfig()));
      expect(layerFromConfig(config, random()).getConfig()).toEqual(layer.getConfig());
    }
    expect(() => layerFromConfig({ kind: 'conv2d' }, random())).toThrow(/unknown layer kind "conv2d"/);
  });
});
