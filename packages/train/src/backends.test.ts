// The native and TypeScript backends side by side, in one process: the same seeded model must get
// the same gradients (to float32 rounding) and the same accuracy, and on either backend a training
// step, once its buffers exist, allocates no tensor storage.
import { LeakyReLU, Softmax } from '@nnts/activations';
import { loadDigits, trainTestSplit } from '@nnts/datasets';
import { ActivationLayer, Dense, conv2d, dense, dropout, flatten, maxPool2d, xavierHe } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import type { BackendName, DType, Tensor } from '@nnts/tensor';
import { RandomGenerator, allocationStats, astype, div, getBackend, nativeBackendStatus, relativeError, reshape, setBackend } from '@nnts/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import type { Optimizer } from './index';
import { Adam, SGD, Sequential } from './index';

const nativeAvailable = nativeBackendStatus().available;
const backends: BackendName[] = nativeAvailable ? ['native', 'js'] : ['js'];
const initial = getBackend();
afterEach(() => {
  setBackend(initial);
});

/** The seed's MNIST architecture, scaled to the 8x8 digits: 64-100-50-10, LeakyReLU, softmax. */
function network(dtype: DType, seed = 0): Sequential {
  const random = new RandomGenerator(seed);
  return new Sequential([
    new Dense(64, 100, { initializer: xavierHe('normal', 'relu'), random, dtype }), new ActivationLayer(new LeakyReLU()),
    new Dense(100, 50, { initializer: xavierHe('normal', 'relu'), random, dtype }), new ActivationLayer(new LeakyReLU()),
    new Dense(50, 10, { initializer: xavierHe('normal', 'sigmoid'), random, dtype }), new ActivationLayer(new Softmax()),
  ], { loss: new CrossEntropy() });
}

/** A small CNN for the digits as 8x8 images: convolutions, max pooling, dropout, dense layers with activations. */
function cnn(dtype: DType, seed = 0): Sequential {
  return new Sequential([
    conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }), maxPool2d(),
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }), dropout({ rate: 0.25 }), flatten(),
    dense({ units: 32, activation: 'relu' }), dense({ units: 10, activation: 'softmax' }),
  ], { inputShape: [8, 8, 1], loss: new CrossEntropy(), seed, dtype });
}

function digits(dtype: DType, images = false): { xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor } {
  const { data, target } = loadDigits();
  const x = astype(div(data, 16), dtype);
  return trainTestSplit(images ? reshape(x, [-1, 8, 8, 1]) : x, astype(target, dtype), { testSize: 0.5, random: new RandomGenerator(7) });
}

/** Every parameter gradient after one forward/backward pass on `backend`. */
function gradients(backend: BackendName, dtype: DType, images = false): Tensor[] {
  setBackend(backend);
  const model = images ? cnn(dtype) : network(dtype);
  const { xTrain, yTrain } = digits(dtype, images);
  model.backpropagate(yTrain, model.forward(xTrain, { training: true }));
  return model.namedParameters().map(({ parameter }) => parameter.gradient);
}

describe.skipIf(!nativeAvailable)('native and TypeScript backends', () => {
  it('give the same gradients: to float32 rounding in float32, to float64 rounding in float64', () => {
    for (const [dtype, tolerance] of [['float32', 1e-5], ['float64', 1e-12]] as const) {
      for (const images of [false, true]) {
        const native = gradients('native', dtype, images);
        const js = gradients('js', dtype, images);
        for (let i = 0; i < js.length; i++) expect(relativeError(native[i]!, js[i]!), `${images ? 'cnn' : 'mlp'} ${dtype} parameter ${i}`).toBeLessThan(tolerance);
      }
    }
  });

  it('train the same CNN from the same seed to the same test accuracy (within 0.5 points)', () => {
    const scores = (['native', 'js'] as const).map((backend) => {
      setBackend(backend);
      const model = cnn('float32', 1);
      const { xTrain, yTrain, xTest, yTest } = digits('float32', true);
      model.fit(xTrain, yTrain, { optimizer: new Adam({ learningRate: 0.005 }), epochs: 6, batchSize: 32, verbose: 'silent', random: new RandomGenerator(3) });
      return accuracy(yTest, model.predict(xTest));
    });
    expect(scores[0]).toBeGreaterThan(0.9);
    expect(Math.abs(scores[0]! - scores[1]!)).toBeLessThanOrEqual(0.005);
  });

  it('train the same model from the same seed to the same test accuracy (within 0.5 points), with momentum SGD and Adam', () => {
    for (const makeOptimizer of [() => new SGD({ learningRate: 0.05, momentum: 0.9 }), () => new Adam()] as (() => Optimizer)[]) {
      const scores = (['native', 'js'] as const).map((backend) => {
        setBackend(backend);
        const model = network('float32');
        const { xTrain, yTrain, xTest, yTest } = digits('float32');
        model.fit(xTrain, yTrain, { optimizer: makeOptimizer(), epochs: 15, batchSize: 32, verbose: 'silent', random: new RandomGenerator(3) });
        return accuracy(yTest, model.predict(xTest));
      });
      expect(scores[0]).toBeGreaterThan(0.9);
      expect(Math.abs(scores[0]! - scores[1]!)).toBeLessThanOrEqual(0.005);
    }
  });

  it('draw the same dropout masks from the same generator and give the same bits', () => {
    const run = (backend: BackendName): number[] => {
      setBackend(backend);
      const layer = dropout({ rate: 0.3 });
      layer.build([5000], { random: new RandomGenerator(4) });
      const x = new RandomGenerator(5).normal([20, 5000]);
      const y = Array.from(layer.forward(x, { training: true }).data);
      const dx = Array.from(layer.backward(x).data);
      return [...y, ...dx, ...Array.from(layer.random!.fillUint32(new Uint32Array(3)))];
    };
    const native = run('native');
    const js = run('js');
    expect(native).toEqual(js);
    expect(native.slice(0, 100_000).filter((v) => v === 0).length / 100_000).toBeCloseTo(0.3, 2);
  });

  it('setBackend names each backend, and says which one is active', () => {
    setBackend('js');
    expect(getBackend().name).toBe('js');
    setBackend('wasm');
    expect(getBackend().name).toBe('wasm');
    expect(getBackend().details).toMatch(/^simd128, [12] threads?$/);
    setBackend('native');
    expect(getBackend().name).toBe('native');
    expect(getBackend().details).toMatch(/^(avx512|avx2|generic), \d+ threads?$/);
    expect(() => setBackend('gpu' as BackendName)).toThrow(/unknown backend "gpu" \(known: native, wasm, js\)/);
  });
});

describe('a training step allocates no tensor storage once its buffers exist', () => {
  for (const backend of backends) {
    for (const [name, makeOptimizer, images] of [['SGD', () => new SGD(), false], ['Adam', () => new Adam(), false], ['Adam, a CNN', () => new Adam(), true]] as const) {
      it(`on the ${backend} backend with ${name}, including an epoch's shorter last batch`, () => {
        setBackend(backend);
        const model = images ? cnn('float32') : network('float32');
        const { xTrain, yTrain } = digits('float32', images); // 898 rows: batches of 64 end with one of 2
        let before = -1;
        let after = -1;
        model.fit(xTrain, yTrain, {
          optimizer: makeOptimizer(), epochs: 4, batchSize: 64, verbose: 'silent',
          callbacks: [{
            onEpochBegin: (epoch) => {
              if (epoch === 1) before = allocationStats().allocations;
            },
            onEpochEnd: (epoch) => {
              if (epoch === 3) after = allocationStats().allocations;
            },
          }],
        });
        expect(before).toBeGreaterThan(0);
        expect(after - before).toBe(0);
      });
    }
  }
});
