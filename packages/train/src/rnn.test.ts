// Sequence models through the whole model: an Embedding's mask carried through recurrent layers,
// model-level gradients, seeds and bits, summaries, configs, training, and no allocation per batch.
import { makeMarkovOrUniform, trainTestSplit } from '@nnts/datasets';
import { bidirectional, conv1d, dense, embedding, globalAveragePooling1d, gru, layerNormalization, lstm, simpleRnn } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import type { BackendName, DType, Tensor } from '@nnts/tensor';
import { RandomGenerator, allocationStats, astype, getBackend, nativeBackendStatus, relativeError, setBackend, tensor } from '@nnts/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { checkGradients } from './gradient-check';
import { Adam } from './optimizers';
import { Sequential } from './sequential';

const nativeAvailable = nativeBackendStatus().available;
const backends: BackendName[] = nativeAvailable ? ['native', 'js'] : ['js'];
const initial = getBackend();
afterEach(() => {
  setBackend(initial);
});

/** Embedding with masking, a bidirectional GRU, a softmax: the sequence-classification example, small. */
function classifier(seed: number, dtype: DType = 'float32', units = 16): Sequential {
  return new Sequential([
    embedding({ inputDim: 21, outputDim: 8, maskZero: true }),
    bidirectional({ layer: gru({ units }) }),
    dense({ units: 2, activation: 'softmax' }),
  ], { inputShape: [24], loss: new CrossEntropy(), seed, dtype });
}

function markov(samples: number, dtype: DType = 'float32'): { xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor } {
  const { x, y } = makeMarkovOrUniform({ samples, random: new RandomGenerator(5), dtype });
  return trainTestSplit(x, y, { testSize: 0.25, random: new RandomGenerator(6) });
}

const weightsOf = (model: Sequential): number[] => model.namedParameters().flatMap(({ parameter }) => Array.from(parameter.value.data));

describe('sequence models', () => {
  it('summarise with Keras-style shapes', () => {
    const model = new Sequential([
      embedding({ inputDim: 60, outputDim: 16, maskZero: true }), lstm({ units: 32, returnSequences: true }), layerNormalization(),
      bidirectional({ layer: simpleRnn({ units: 8 }) }), dense({ units: 60, activation: 'softmax' }),
    ], { inputShape: [40], loss: new CrossEntropy(), seed: 1 });
    expect(model.outputShapes).toEqual([[40, 16], [40, 32], [40, 32], [16], [60]]);
    const text = model.summary({ print: false });
    expect(text).toMatch(/embedding_0 \(embedding\)\s+\(None, 40, 16\)\s+960/);
    // LSTM: 4·(16·32 + 32·32 + 32) = 6,272 parameters, as Keras counts them.
    expect(text).toMatch(/lstm_1 \(lstm\)\s+\(None, 40, 32\)\s+6,?272/);
    // Two SimpleRNN(8) on 32 features: 2·(32·8 + 8·8 + 8) = 656.
    expect(text).toMatch(/bidirectional_3 \(bidirectional\)\s+\(None, 16\)\s+656/);
  });

  it('agree with finite differences through the whole model (float64), masks included', () => {
    const { x, y } = makeMarkovOrUniform({ samples: 4, minLength: 2, maxLength: 6, tokens: 5, random: new RandomGenerator(1), dtype: 'float64' });
    const masked = new Sequential([
      embedding({ inputDim: 6, outputDim: 3, maskZero: true }), lstm({ units: 3, returnSequences: true }), layerNormalization(),
      globalAveragePooling1d(), dense({ units: 2, activation: 'softmax' }),
    ], { inputShape: [6], loss: new CrossEntropy(), seed: 2, dtype: 'float64' });
    const result = checkGradients(masked, x, y);
    expect(result.input).toBeNull();
    expect(result.worst).toBeLessThan(1e-6);
    const bi = new Sequential([embedding({ inputDim: 6, outputDim: 3, maskZero: true }), bidirectional({ layer: gru({ units: 2 }) }), dense({ units: 2, activation: 'softmax' })], {
      inputShape: [6], loss: new CrossEntropy(), seed: 3, dtype: 'float64',
    });
    expect(checkGradients(bi, x, y).worst).toBeLessThan(1e-6);
    const signals = new RandomGenerator(4).normal([3, 7, 2], 0, 1, { dtype: 'float64' });
    const convolutional = new Sequential([conv1d({ filters: 3, kernelSize: 3, activation: 'tanh' }), gru({ units: 3, goBackwards: true }), dense({ units: 2, activation: 'softmax' })], {
      inputShape: [7, 2], loss: new CrossEntropy(), seed: 4, dtype: 'float64',
    });
    const checked = checkGradients(convolutional, signals, tensor([0, 1, 1], { dtype: 'float64' }));
    expect(checked.input).toBeLessThan(1e-6);
    expect(checked.worst).toBeLessThan(1e-6);
  });

  it('learn to tell the Markov source from the uniform one (Embedding with masking, Bidirectional GRU)', () => {
    const { xTrain, yTrain, xTest, yTest } = markov(1200);
    const model = classifier(7);
    model.fit(xTrain, yTrain, { optimizer: new Adam({ learningRate: 0.01 }), epochs: 6, batchSize: 32, verbose: 'silent', random: new RandomGenerator(8) });
    expect(accuracy(yTest, model.predict(xTest))).toBeGreaterThanOrEqual(0.95);
  });

  it('rerun from the same seed to the same bits; the config rebuilds the same model', () => {
    const { xTrain, yTrain } = markov(200);
    const run = (): Sequential => {
      const model = classifier(11);
      model.fit(xTrain, yTrain, { optimizer: new Adam(), epochs: 2, batchSize: 32, verbose: 'silent', random: new RandomGenerator(12) });
      return model;
    };
    const first = run();
    expect(weightsOf(run())).toEqual(weightsOf(first));
    const rebuilt = Sequential.fromConfig(JSON.parse(JSON.stringify(first.getConfig())), new RandomGenerator(1));
    rebuilt.namedParameters().forEach(({ parameter }, i) => parameter.value.data.set(first.namedParameters()[i]!.parameter.value.data));
    expect(Array.from(rebuilt.predict(xTrain).data)).toEqual(Array.from(first.predict(xTrain).data));
  });

  it.skipIf(!nativeAvailable)('get the same gradients on the native and TypeScript backends (to float32 rounding)', () => {
    const { xTrain, yTrain } = markov(64);
    const gradients = (backend: BackendName): Tensor[] => {
      setBackend(backend);
      const model = new Sequential([embedding({ inputDim: 21, outputDim: 8, maskZero: true }), lstm({ units: 16, returnSequences: true }), bidirectional({ layer: gru({ units: 8 }) }), dense({ units: 2, activation: 'softmax' })], {
        inputShape: [24], loss: new CrossEntropy(), seed: 3,
      });
      model.backpropagate(yTrain, model.forward(xTrain, { training: true }));
      return model.namedParameters().map(({ parameter }) => astype(parameter.gradient, 'float64'));
    };
    const native = gradients('native');
    const js = gradients('js');
    native.forEach((g, i) => expect(relativeError(g, js[i]!), `parameter ${i}`).toBeLessThan(1e-4));
  });

  for (const backend of backends) {
    it(`allocate no tensor storage in a training step once the buffers exist, on the ${backend} backend`, () => {
      setBackend(backend);
      const { xTrain, yTrain } = markov(300); // 225 rows: batches of 64 end with one of 33
      const model = new Sequential([embedding({ inputDim: 21, outputDim: 8, maskZero: true }), lstm({ units: 8, returnSequences: true }), bidirectional({ layer: gru({ units: 4 }) }), dense({ units: 2, activation: 'softmax' })], {
        inputShape: [24], loss: new CrossEntropy(), seed: 3,
      });
      let before = -1;
      let after = -1;
      model.fit(xTrain, yTrain, {
        optimizer: new Adam(), epochs: 4, batchSize: 64, verbose: 'silent',
        callbacks: [{ onEpochBegin: (epoch) => void (epoch === 1 && (before = allocationStats().allocations)), onEpochEnd: (epoch) => void (epoch === 3 && (after = allocationStats().allocations)) }],
      });
      expect(before).toBeGreaterThan(0);
      expect(after - before).toBe(0);
    });
  }
});
