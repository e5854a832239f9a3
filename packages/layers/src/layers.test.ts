import { LeakyReLU, Softmax, Tanh } from '@nnts/activations';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, ValueError, addOnesColumn, matmul, reshape, std, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { ActivationLayer } from './activation-layer';
import { BatchNorm } from './batch-norm';
import { Dense } from './dense';
import { Dropout } from './dropout';
import { layerFromConfig } from './from-config';
import { constant, xavierHe, zeros } from './initializers';
import type { Layer } from './layer';
import { gradientCheck } from './test-support/check-layer';

const random = (seed = 1): RandomGenerator => new RandomGenerator(seed);

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
    // Without a generator the weights wait for a model's; used alone, the layer says what it needs.
    expect(() => new Dense(2, 3).forward(tensor([[1, 2]]))).toThrow(/draws its initial weights at random: give the model a seed .* or the layer a generator/);
    expect(() => new Dense(2, 3, { initializer: zeros(), l2: -1 })).toThrow(/l2 must be >= 0/);
    expect(() => new Dense(2, 3, { initializer: zeros(), lr: 1 } as never)).toThrow(/unknown option 'lr'/);
    const layer = new Dense(2, 3, { initializer: zeros() });
    expect(() => layer.forward(tensor([[1, 2, 3]]))).toThrow('Dense: expected a batch [..., 2], got [1, 3]');
    expect(() => layer.outputShape([3])).toThrow('Dense: expects 2 input features, got samples [3]');
    expect(() => new Dense({ units: 0 })).toThrow('Dense: units must be an integer >= 1, got 0');
    expect(() => new Dense({ units: 2, activation: 'swish' })).toThrow(/unknown activation "swish" \(known: sigmoid, tanh, relu/);
    expect(() => new Dense(2, 3, { units: 4 } as never)).toThrow(/unknown option 'units'/);
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
    expect(() => new BatchNorm(2).forward(tensor([[1, 2]]), { training: true })).toThrow(/at least 2 values per feature to estimate a variance, got a batch \[1, 2\]/);
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
    expect(() => layerFromConfig({ kind: 'conv3d' }, random())).toThrow(/unknown layer kind "conv3d" \(known: dense, conv2d/);
  });
});

describe('batches of any rank (sequences [batch, time, features], images [batch, height, width, channels])', () => {
  const data = (shape: number[], seed = 5) => random(seed).normal(shape, 0, 1, { dtype: 'float64' });

  it('Dense transforms the last axis, as Keras does', () => {
    const layer = new Dense({ units: 3, activation: 'tanh', biasInitializer: constant(0.1) });
    layer.build([4, 5], { random: random(), dtype: 'float64' });
    expect(layer.outputShape([4, 5])).toEqual([4, 3]);
    const x = data([2, 4, 5]);
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 4, 3]);
    const flat = new Dense(5, 3, { activation: 'tanh', random: random(), dtype: 'float64', biasInitializer: constant(0.1) });
    expect(Array.from(flat.forward(reshape(x, [8, 5])).data)).toEqual(Array.from(y.data));
    gradientCheck(layer, x);
  });

  it('BatchNorm normalises each channel over every position of every sample', () => {
    const layer = new BatchNorm({ dtype: 'float64' });
    layer.build([3, 4, 2]);
    expect(layer.features).toBe(2);
    layer.gamma.value.data.set([1.5, -0.5]);
    layer.beta.value.data.set([0.2, 0.1]);
    const x = data([2, 3, 4, 2]);
    const rows = new BatchNorm(2, { dtype: 'float64' });
    rows.gamma.value.data.set([1.5, -0.5]);
    rows.beta.value.data.set([0.2, 0.1]);
    expect(Array.from(layer.forward(x, { training: true }).data)).toEqual(Array.from(rows.forward(reshape(x, [24, 2]), { training: true }).data));
    expect(Array.from(layer.runningVariance.data)).toEqual(Array.from(rows.runningVariance.data));
    gradientCheck(layer, x);
  });

  it('Dropout and Activation layers keep the shape', () => {
    const x = data([2, 3, 3, 2]);
    const mask = tensor(Array.from({ length: 36 }, (_, i) => (i % 4 === 0 ? 0 : 1.25)), { shape: [2, 3, 3, 2], dtype: 'float64' });
    gradientCheck(new Dropout({ rate: 0.2, random: random() }).useFixedMask(mask), x);
    expect(new Dropout({ rate: 0.5, random: random() }).forward(x, { training: true }).shape).toEqual([2, 3, 3, 2]);
    for (const option of ['softmax', 'relu', new Tanh()] as const) gradientCheck(new ActivationLayer(option), x);
  });
});

describe('the build contract', () => {
  it('creates weights when the input shape is known, in the model dtype, from the model generator', () => {
    const layer = new Dense({ units: 4 });
    expect(layer.built).toBe(false);
    expect(layer.inputShape).toBeNull();
    expect(() => layer.weights).toThrow(/dense: not built yet/);
    layer.build([3], { random: random(5), dtype: 'float64' });
    expect(layer.built).toBe(true);
    expect(layer.inputShape).toEqual([3]);
    expect(layer.weights.value.shape).toEqual([3, 4]);
    expect(layer.weights.value.dtype).toBe('float64');
    // The same draws as the explicit constructor with the same generator.
    expect(Array.from(layer.weights.value.data)).toEqual(Array.from(new Dense(3, 4, { random: random(5), dtype: 'float64' }).weights.value.data));
    layer.build([3]); // again with a fitting shape: nothing changes
    expect(() => layer.build([7])).toThrow('Dense: expects 3 input features, got samples [7]');
  });

  it('waits for a generator when constructed with sizes but none, and says so when used alone', () => {
    const layer = new Dense(2, 1);
    expect(layer.built).toBe(false);
    expect(layer.inputShape).toEqual([2]);
    layer.build([2], { random: random() });
    expect(layer.weights.value.shape).toEqual([2, 1]);
  });

  it('gives a Dropout built by a model a generator forked from the model one', () => {
    const layer = new Dropout({ rate: 0.5 });
    expect(layer.random).toBeNull();
    expect(() => layer.forward(tensor([[1, 2]]), { training: true })).toThrow(/draws its masks at random/);
    const model = random(8);
    layer.build([2], { random: model });
    expect(layer.random!.getState()).toEqual(random(8).fork().getState());
  });
});
