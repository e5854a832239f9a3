import { ELU, LeakyReLU, Sigmoid, Softmax, Tanh } from '@nnts/activations';
import { makeCircles, oneHot, standardize } from '@nnts/datasets';
import { ActivationLayer, BatchNorm, Dense, Dropout, xavierHe, zeros } from '@nnts/layers';
import { BinaryCrossEntropy, CrossEntropy } from '@nnts/losses';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, addOnesColumn, astype, getBackend, matmul, maxRelativeError, reshape, sub, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { checkGradients } from './gradient-check';
import { SGD } from './optimizers';
import { Sequential } from './sequential';

const random = (seed = 1): RandomGenerator => new RandomGenerator(seed);

describe('gradient check of a network with every layer kind (float64)', () => {
  it('Dense, Tanh, BatchNorm, Dropout (fixed mask), LeakyReLU, ELU, Softmax + cross-entropy, with L1/L2 penalties', () => {
    const r = random(3);
    const mask = tensor(Array.from({ length: 8 * 6 }, (_, i) => (i % 4 === 1 ? 0 : 1 / 0.75)), { shape: [8, 6], dtype: 'float64' });
    const model = new Sequential([
      new Dense(5, 6, { random: r, dtype: 'float64', l2: 0.01 }),
      new ActivationLayer(new Tanh()),
      new BatchNorm(6, { dtype: 'float64' }),
      new Dropout({ rate: 0.25, random: r }).useFixedMask(mask),
      new Dense(6, 6, { random: r, dtype: 'float64', l1: 0.01, biasInitializer: xavierHe('uniform', 'sigmoid') }),
      new ActivationLayer(new LeakyReLU({ alpha: 0.1 })),
      new Dense(6, 4, { random: r, dtype: 'float64' }),
      new ActivationLayer(new ELU()),
      new Dense(4, 3, { random: r, dtype: 'float64' }),
      new ActivationLayer(new Softmax()),
    ], { loss: new CrossEntropy() });
    const x = r.normal([8, 5], 0, 1, { dtype: 'float64' });
    const y = tensor([0, 1, 2, 0, 1, 2, 0, 1], { dtype: 'float64' });
    const result = checkGradients(model, x, y);
    expect(Object.keys(result.parameters)).toHaveLength(10);
    for (const [key, error] of Object.entries(result.parameters)) expect(error, key).toBeLessThan(1e-6);
    expect(result.input).toBeLessThan(1e-6);
    expect(result.worst).toBeLessThan(1e-6);
  });
});

// The seed's central demonstration: the chain rule through layers equals the analytic gradient.
describe('logistic and softmax regression: layers versus the analytic formula', () => {
  const circles = makeCircles({ centers: [[-50, 0], [20, 30]], radii: [30, 35], random: random(5), dtype: 'float64' });
  const x = standardize(circles.data);
  const n = x.shape[0]!;
  const xConst = addOnesColumn(x, { position: 'last' });
  const epochs = 300;
  const learningRate = 0.5;

  it('logistic regression: θ -= α/n·Xᵀ(σ(Xθ) - y) gives the weights of Dense + Sigmoid + BCE, to 1e-9', () => {
    const y = reshape(circles.target, [n, 1]);
    let theta = tensor(new Float64Array(3), { shape: [3, 1] });
    for (let epoch = 0; epoch < epochs; epoch++) {
      const h = matmul(xConst, theta).data.map((z) => 1 / (1 + Math.exp(-z)));
      const gradient = matmul(xConst, sub(tensor(h, { shape: [n, 1] }), y), { transposeA: true }).scaleInPlace(1 / n);
      theta = sub(theta, gradient.scaleInPlace(learningRate));
    }
    const model = new Sequential([new Dense(2, 1, { initializer: zeros(), dtype: 'float64' }), new ActivationLayer(new Sigmoid())], { loss: new BinaryCrossEntropy() });
    const optimizer = new SGD({ learningRate });
    for (let epoch = 0; epoch < epochs; epoch++) model.trainStep(x, y, optimizer);
    const layer = model.layers[0] as Dense;
    expect(maxRelativeError(layer.weightsWithBiasRow(), theta)).toBeLessThan(1e-9);
    // and fit() with one full batch, no shuffling, takes exactly the same steps
    const fitted = new Sequential([new Dense(2, 1, { initializer: zeros(), dtype: 'float64' }), new ActivationLayer(new Sigmoid())], { loss: new BinaryCrossEntropy() });
    fitted.fit(x, y, { optimizer: new SGD({ learningRate }), epochs, batchSize: n, shuffle: false, verbose: 'silent' });
    expect(Array.from((fitted.layers[0] as Dense).weightsWithBiasRow().data)).toEqual(Array.from(layer.weightsWithBiasRow().data));
  });

  it('softmax regression: W -= α/n·Xᵀ(softmax(XW) - Y) gives the weights of Dense + Softmax + cross-entropy, to 1e-9', () => {
    const labels = circles.target;
    const yOneHot = oneHot(labels, { dtype: 'float64' });
    let w = tensor(new Float64Array(3 * 2), { shape: [3, 2] });
    for (let epoch = 0; epoch < epochs; epoch++) {
      const scores = matmul(xConst, w).toArray() as number[][];
      const probabilities = tensor(scores.map((row) => {
        const e = row.map(Math.exp);
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      }), { dtype: 'float64' });
      const gradient = matmul(xConst, sub(probabilities, yOneHot), { transposeA: true }).scaleInPlace(learningRate / n);
      w = sub(w, gradient);
    }
    const model = new Sequential([new Dense(2, 2, { initializer: zeros(), dtype: 'float64' }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy() });
    const optimizer = new SGD({ learningRate });
    for (let epoch = 0; epoch < epochs; epoch++) model.trainStep(x, labels, optimizer);
    expect(maxRelativeError((model.layers[0] as Dense).weightsWithBiasRow(), w)).toBeLessThan(1e-9);
  });
});

describe('Sequential', () => {
  const mnist = (): Sequential => {
    const r = random(1);
    return new Sequential([
      new Dense(784, 300, { initializer: xavierHe('normal', 'relu'), random: r }), new ActivationLayer(new LeakyReLU()),
      new Dense(300, 100, { initializer: xavierHe('normal', 'relu'), random: r }), new ActivationLayer(new LeakyReLU()),
      new Dense(100, 10, { initializer: xavierHe('normal', 'sigmoid'), random: r }), new ActivationLayer(new Softmax()),
    ], { loss: new CrossEntropy() });
  };

  it('summarises layers, output shapes and parameter counts (the seed MNIST network has 266,610)', () => {
    const text = mnist().summary({ print: false });
    expect(text).toContain('dense_0 (dense)');
    expect(text).toContain('activation_5 (activation softmax)');
    expect(text).toMatch(/\(None, 300\)\s+235500/);
    expect(text).toContain('Total params: 266,610');
    expect(text).toContain(`backend ${getBackend().name}`);
    const withBatchNorm = new Sequential([new BatchNorm(3), new Dense(3, 1, { initializer: zeros() })], { loss: new CrossEntropy() });
    expect(withBatchNorm.summary({ print: false })).toContain('Non-trainable params: 6');
  });

  it('backpropagate (softmax and cross-entropy fused, no input gradient) fills the gradients backward(loss.backward) does', () => {
    const build = (): Sequential => {
      const r = random(5);
      return new Sequential([
        new Dense(6, 5, { initializer: xavierHe('normal', 'relu'), random: r, dtype: 'float64' }), new ActivationLayer(new LeakyReLU()),
        new Dense(5, 4, { initializer: xavierHe('normal', 'sigmoid'), random: r, dtype: 'float64' }), new ActivationLayer(new Softmax()),
      ], { loss: new CrossEntropy({ epsilon: 0.05 }) });
    };
    // Large inputs saturate the softmax, so some true-class probabilities fall below epsilon and are clipped.
    const x = random(6).normal([12, 6], 0, 4, { dtype: 'float64' });
    const labels = tensor([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], { dtype: 'float64' });
    const oneHotTargets = oneHot(labels, { dtype: 'float64' });
    for (const y of [labels, oneHotTargets]) {
      const stepwise = build();
      const yPred = stepwise.forward(x, { training: true });
      expect(yPred.toArray().flat().some((p) => (p as number) < 0.05)).toBe(true);
      stepwise.backward(stepwise.loss.backward(y, yPred));
      const fused = build();
      fused.backpropagate(y, fused.forward(x, { training: true }));
      const expected = stepwise.namedParameters();
      fused.namedParameters().forEach(({ parameter }, i) => {
        expect(maxRelativeError(parameter.gradient, expected[i]!.parameter.gradient)).toBeLessThan(1e-12);
      });
    }
  });

  it('iterates over its layers, predicts copies, and refuses inputs of the wrong width', () => {
    const model = mnist();
    expect([...model].map((l) => l.kind)).toEqual(['dense', 'activation', 'dense', 'activation', 'dense', 'activation']);
    const x = random(2).uniform([4, 784]);
    const first = model.predict(x);
    model.predict(random(3).uniform([4, 784]));
    expect(Array.from(first.data)).toEqual(Array.from(model.predict(x).data));
    expect(first.shape).toEqual([4, 10]);
    expect(() => model.predict(random().uniform([4, 10]))).toThrow('predict: inputs must be [batch, 784] for this model, got [4, 10]');
  });

  it('checks that layers fit together at construction', () => {
    expect(() => new Sequential([new Dense(3, 4, { initializer: zeros() }), new Dense(5, 1, { initializer: zeros() })], { loss: new CrossEntropy() }))
      .toThrow(ShapeError);
    expect(() => new Sequential([new Dense(3, 4, { initializer: zeros() }), new Dense(5, 1, { initializer: zeros() })], { loss: new CrossEntropy() }))
      .toThrow('Sequential: layer 1 (dense) does not fit the output [4] of layer 0 (dense): Dense: expects 5 input features, got samples [4]');
    expect(() => new Sequential([new ActivationLayer(new Tanh())], { loss: new CrossEntropy() })).toThrow(/does not know its input shape: pass \{ inputShape \}/);
    expect(new Sequential([new ActivationLayer(new Tanh())], { loss: new CrossEntropy(), inputFeatures: 3 }).inputShape).toEqual([3]);
    expect(() => new Sequential([new ActivationLayer(new Tanh())], { loss: new CrossEntropy(), inputShape: [28, 0] })).toThrow(/inputShape must be one sample's shape, positive integers .* got \[28, 0\]/);
    expect(() => new Sequential([new ActivationLayer(new Tanh())], { loss: new CrossEntropy(), input_shape: [3] } as never)).toThrow(/unknown option 'input_shape'/);
  });

  it('evaluates loss and metrics', () => {
    const model = new Sequential([new Dense(2, 2, { initializer: zeros(), dtype: 'float64' }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy() });
    const result = model.evaluate(tensor([[1, 2], [3, 4]], { dtype: 'float64' }), tensor([0, 1], { dtype: 'float64' }), { metrics: ['accuracy'] });
    expect(result.loss).toBeCloseTo(Math.LN2, 12);
    expect(result.accuracy).toBe(0.5); // ties go to class 0
  });

  it('round-trips its configuration', () => {
    const model = mnist();
    const rebuilt = Sequential.fromConfig(JSON.parse(JSON.stringify(model.getConfig())), random());
    expect(rebuilt.getConfig()).toEqual(model.getConfig());
    expect(rebuilt.namedParameters().map((p) => p.key)).toEqual(['dense_0.weights', 'dense_0.bias', 'dense_2.weights', 'dense_2.bias', 'dense_4.weights', 'dense_4.bias']);
  });

  it('float32 end to end', () => {
    const model = mnist();
    const x = astype(random().uniform([3, 784], 0, 1, { dtype: 'float64' }), 'float32') as Tensor;
    expect(model.predict(x).dtype).toBe('float32');
  });
});
