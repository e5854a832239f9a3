// Convolutional networks through the whole model: shape inference and checks, gradients, seeds,
// summaries, configs and training on real (small) images.
import { loadDigits, trainTestSplit } from '@nnts/datasets';
import {
  ActivationLayer, BatchNorm, Dense, Dropout, averagePool2d, batchNorm, conv1d, conv2d, dense, dropout, flatten, globalAveragePooling1d, maxPool1d, maxPool2d,
} from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, astype, div, maxRelativeError, reshape, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { checkGradients } from './gradient-check';
import { Adam } from './optimizers';
import { Sequential } from './sequential';

/** LeNet-5 as the examples build it, for MNIST's [28, 28, 1]. */
function lenet(seed: number): Sequential {
  return new Sequential([
    conv2d({ filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }), maxPool2d(),
    conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }), maxPool2d(),
    flatten(), dense({ units: 120, activation: 'relu' }), dense({ units: 84, activation: 'relu' }), dense({ units: 10, activation: 'softmax' }),
  ], { inputShape: [28, 28, 1], loss: new CrossEntropy(), seed });
}

/** The 8x8 digits as [n, 8, 8, 1] images in [0, 1]. */
function digitImages(): { xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor } {
  const { data, target } = loadDigits();
  const images = reshape(astype(div(data, 16), 'float32'), [-1, 8, 8, 1]);
  return trainTestSplit(images, astype(target, 'float32'), { testSize: 0.5, random: new RandomGenerator(7) });
}

function smallCnn(seed: number): Sequential {
  return new Sequential([
    conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }), maxPool2d(),
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }), dropout({ rate: 0.25 }),
    flatten(), dense({ units: 10, activation: 'softmax' }),
  ], { inputShape: [8, 8, 1], loss: new CrossEntropy(), seed });
}

const weightsOf = (model: Sequential): number[] => model.namedParameters().flatMap(({ parameter }) => Array.from(parameter.value.data));

describe('convolutional networks', () => {
  it('build from an input shape alone, and summarise with Keras-style shapes (LeNet-5: 61,706 parameters)', () => {
    const model = lenet(42);
    expect(model.outputShapes).toEqual([[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [400], [120], [84], [10]]);
    const text = model.summary({ print: false });
    expect(text).toContain('input (None, 28, 28, 1)');
    expect(text).toMatch(/conv2d_0 \(conv2d relu\)\s+\(None, 28, 28, 6\)\s+156/);
    expect(text).toMatch(/maxPool2d_1 \(maxPool2d\)\s+\(None, 14, 14, 6\)\s+0/);
    expect(text).toMatch(/conv2d_2 \(conv2d relu\)\s+\(None, 10, 10, 16\)\s+2416/);
    expect(text).toMatch(/flatten_4 \(flatten\)\s+\(None, 400\)/);
    expect(text).toMatch(/dense_7 \(dense softmax\)\s+\(None, 10\)\s+850/);
    expect(text).toContain('Total params: 61,706');
  });

  it('name the layer and both shapes when the chain does not fit', () => {
    const layers = () => [conv2d({ filters: 4, kernelSize: 3 }), dense({ units: 10 }), new Dense(12, 3)];
    expect(() => new Sequential(layers(), { inputShape: [8, 8, 1], loss: new CrossEntropy(), seed: 1 })).toThrow(ShapeError);
    expect(() => new Sequential(layers(), { inputShape: [8, 8, 1], loss: new CrossEntropy(), seed: 1 }))
      .toThrow('Sequential: layer 2 (dense) does not fit the output [6, 6, 10] of layer 1 (dense): Dense: expects 12 input features, got samples [6, 6, 10]');
    expect(() => new Sequential([conv2d({ filters: 4, kernelSize: 5 }), maxPool2d(), conv2d({ filters: 4, kernelSize: 3 })], { inputShape: [8, 8, 1], loss: new CrossEntropy(), seed: 1 }))
      .toThrow("Sequential: layer 2 (conv2d) does not fit the output [2, 2, 4] of layer 1 (maxPool2d): conv2d: the window (3) is larger than the input's height (2) with 'valid' padding");
    expect(() => new Sequential([conv2d({ filters: 4, kernelSize: 3 })], { inputShape: [8, 8], loss: new CrossEntropy(), seed: 1 }))
      .toThrow('Sequential: layer 0 (conv2d) does not fit the input [8, 8]: conv2d: expects samples [height, width, channels], got [8, 8]');
    expect(() => new Sequential([conv2d({ filters: 4, kernelSize: 3 })], { inputShape: [8, 8, 1], loss: new CrossEntropy() }))
      .toThrow(/cannot build layer 0 \(conv2d\): conv2d: draws its initial weights at random: give the model a seed/);
  });

  it('refuse an image batch of the wrong rank or channel count before the first step, naming what was expected', () => {
    const model = lenet(1);
    const fit = (x: Tensor): unknown => model.fit(x, tensor([1, 2]), { optimizer: new Adam(), verbose: 'silent' });
    expect(() => fit(tensor(new Float32Array(2 * 784), { shape: [2, 784] }))).toThrow('fit: training inputs must be [batch, 28, 28, 1] for this model, got [2, 784]');
    expect(() => fit(tensor(new Float32Array(2 * 784 * 3), { shape: [2, 28, 28, 3] }))).toThrow('fit: training inputs must be [batch, 28, 28, 1] for this model, got [2, 28, 28, 3]');
    expect(() => model.predict(tensor(new Float32Array(784), { shape: [28, 28, 1] }))).toThrow('predict: inputs must be [batch, 28, 28, 1] for this model, got [28, 28, 1]');
    expect(() => model.evaluate(tensor(new Float32Array(784), { shape: [1, 28, 28] }), tensor([1]))).toThrow('evaluate: evaluation inputs must be [batch, 28, 28, 1] for this model, got [1, 28, 28]');
  });

  it('draw every initial weight from the model seed, in layer order: same seed, same model; new Dense(2, 1) needs no generator', () => {
    expect(weightsOf(lenet(3))).toEqual(weightsOf(lenet(3)));
    expect(weightsOf(lenet(3))).not.toEqual(weightsOf(lenet(4)));
    const model = new Sequential([new Dense(2, 1)], { loss: new CrossEntropy(), seed: 42 });
    expect(model.predict(tensor([[1, 2]])).shape).toEqual([1, 1]);
    const random = new RandomGenerator(42);
    expect(weightsOf(new Sequential([new Dense(2, 1)], { loss: new CrossEntropy(), random }))).toEqual(weightsOf(model));
  });

  it('agree with finite differences end to end (float64): convolutions, pooling, batch norm, dropout, flatten, softmax and cross-entropy', () => {
    const mask = tensor(Array.from({ length: 3 * 3 * 2 * 4 }, (_, i) => (i % 5 === 2 ? 0 : 1.25)), { shape: [3, 3, 2, 4], dtype: 'float64' });
    const model = new Sequential([
      conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh', l2: 0.01 }), maxPool2d({ poolSize: 2, strides: 1 }),
      batchNorm(), conv2d({ filters: 4, kernelSize: 2, strides: 2, padding: 'same' }), new Dropout({ rate: 0.2 }).useFixedMask(mask),
      averagePool2d({ poolSize: 2, strides: 1, padding: 'same' }), flatten(), dense({ units: 3, activation: 'softmax' }),
    ], { inputShape: [6, 5, 2], loss: new CrossEntropy(), seed: 5, dtype: 'float64' });
    const x = new RandomGenerator(6).normal([3, 6, 5, 2], 0, 1, { dtype: 'float64' });
    const result = checkGradients(model, x, tensor([0, 2, 1], { dtype: 'float64' }));
    expect(Object.keys(result.parameters)).toEqual([
      'conv2d_0.weights', 'conv2d_0.bias', 'batchNorm_2.gamma', 'batchNorm_2.beta', 'conv2d_3.weights', 'conv2d_3.bias', 'dense_7.weights', 'dense_7.bias',
    ]);
    expect(result.worst).toBeLessThan(1e-6);
  });

  it('agree with finite differences on sequences (float64): Conv1D, MaxPool1D, global pooling', () => {
    const model = new Sequential([
      conv1d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh' }), maxPool1d(), conv1d({ filters: 3, kernelSize: 2 }),
      globalAveragePooling1d(), dense({ units: 2, activation: 'softmax' }),
    ], { inputShape: [9, 2], loss: new CrossEntropy(), seed: 8, dtype: 'float64' });
    expect(model.outputShapes).toEqual([[9, 4], [4, 4], [3, 3], [3], [2]]);
    const x = new RandomGenerator(9).normal([4, 9, 2], 0, 1, { dtype: 'float64' });
    expect(checkGradients(model, x, tensor([0, 1, 1, 0], { dtype: 'float64' })).worst).toBeLessThan(1e-6);
  });

  it('take softmax and cross-entropy gradients together for a dense layer with a softmax activation, as two steps give them', () => {
    const build = (): Sequential => smallCnnFloat64(11);
    const x = new RandomGenerator(12).normal([6, 8, 8, 1], 0, 1, { dtype: 'float64' });
    const y = tensor([0, 1, 2, 3, 4, 5], { dtype: 'float64' });
    const stepwise = build();
    stepwise.backward(stepwise.loss.backward(y, stepwise.forward(x, { training: true })));
    const fused = build();
    fused.backpropagate(y, fused.forward(x, { training: true }));
    fused.namedParameters().forEach(({ key, parameter }, i) => {
      expect(maxRelativeError(parameter.gradient, stepwise.namedParameters()[i]!.parameter.gradient), key).toBeLessThan(1e-10);
    });
  });

  it('predict in batches of any size with the same result', () => {
    const model = lenet(2);
    const x = new RandomGenerator(3).uniform([300, 28, 28, 1]);
    const whole = model.predict(x, { batchSize: 300 });
    expect(Array.from(model.predict(x).data)).toEqual(Array.from(whole.data));
    expect(Array.from(model.predict(x, { batchSize: 7 }).data)).toEqual(Array.from(whole.data));
    expect(() => model.predict(x, { batchSize: 0 })).toThrow('predict: batchSize must be an integer >= 1, got 0');
    expect(() => model.predict(x, { batch: 7 } as never)).toThrow(/unknown option 'batch'/);
  });

  it('rebuild from their config, and with the same parameters predict the same', () => {
    const model = lenet(5);
    const config = JSON.parse(JSON.stringify(model.getConfig()));
    expect(config.inputShape).toEqual([28, 28, 1]);
    const rebuilt = Sequential.fromConfig(config, new RandomGenerator(0));
    expect(rebuilt.getConfig()).toEqual(model.getConfig());
    rebuilt.namedParameters().forEach(({ parameter }, i) => parameter.value.copyFrom(model.namedParameters()[i]!.parameter.value));
    const x = new RandomGenerator(6).uniform([4, 28, 28, 1]);
    expect(Array.from(rebuilt.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  it('learn the 8x8 digits to 90% test accuracy in 8 epochs, and rerun bit for bit from the same seeds (dropout included)', () => {
    const { xTrain, yTrain, xTest, yTest } = digitImages();
    const run = (seed: number): Sequential => {
      const model = smallCnn(seed);
      model.fit(xTrain, yTrain, { optimizer: new Adam({ learningRate: 0.01 }), epochs: 8, batchSize: 32, verbose: 'silent', random: new RandomGenerator(seed) });
      return model;
    };
    const first = run(1);
    expect(accuracy(yTest, first.predict(xTest))).toBeGreaterThanOrEqual(0.9);
    expect(weightsOf(run(1))).toEqual(weightsOf(first));
    expect(weightsOf(run(2))).not.toEqual(weightsOf(first));
  });
});

function smallCnnFloat64(seed: number): Sequential {
  return new Sequential([
    conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), maxPool2d(), new BatchNorm({}),
    flatten(), new ActivationLayer('tanh'), dense({ units: 6, activation: 'softmax' }),
  ], { inputShape: [8, 8, 1], loss: new CrossEntropy({ epsilon: 0.05 }), seed, dtype: 'float64' });
}
