// Sigmoid followed by binary cross-entropy, backpropagated as one step (issue 13, item 21): the
// gradient is (p - y) / n, checked against finite differences and against float64 at z = 16.
import { Sigmoid } from '@nnts/activations';
import { ActivationLayer, Dense, constant } from '@nnts/layers';
import { BinaryCrossEntropy } from '@nnts/losses';
import type { BackendName, DType } from '@nnts/tensor';
import { RandomGenerator, getBackend, nativeBackendStatus, numericalGradient, relativeError, setBackend, tensor } from '@nnts/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { Sequential } from './sequential';

const backends: BackendName[] = nativeBackendStatus().available ? ['native', 'js'] : ['js'];
const initial = getBackend();
afterEach(() => {
  setBackend(initial);
});

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** One input, one unit: z = 1·w + b with w = 0, so z is the bias. */
function unit(bias: number, dtype: DType, separateLayer: boolean): Sequential {
  const options = { initializer: constant(0), biasInitializer: constant(bias), dtype };
  const layers = separateLayer ? [new Dense(1, 1, options), new ActivationLayer(new Sigmoid())] : [new Dense(1, 1, { ...options, activation: 'sigmoid' })];
  return new Sequential(layers, { loss: new BinaryCrossEntropy() });
}

describe('sigmoid + binary cross-entropy backpropagated together', () => {
  for (const backend of backends) {
    for (const separateLayer of [true, false]) {
      it(`${backend}, ${separateLayer ? 'an Activation layer' : "Dense's own activation"}: at z = 16 in float32, dL/db is within 1e-7 of float64's σ(16)`, () => {
        setBackend(backend);
        const model = unit(16, 'float32', separateLayer);
        const x = tensor([[0]], { dtype: 'float32' });
        const y = tensor([[0]], { dtype: 'float32' });
        model.backpropagate(y, model.forward(x, { training: true }));
        const bias = model.namedParameters().find(({ key }) => key.endsWith('.bias'))!.parameter.gradient.data[0]!;
        // The separate chain gave (q - y)/(q(1 - q)) · σ(16)σ(-16) with q = fround(σ(16)): 5.6e-2 off.
        expect(Math.abs(bias - sigmoid(16)) / sigmoid(16)).toBeLessThan(1e-7);
      });
    }
  }

  it('agrees with finite differences of the loss in float64, every parameter of a small network', () => {
    const random = new RandomGenerator(4);
    const model = new Sequential([
      new Dense(3, 5, { random, dtype: 'float64', activation: 'tanh' }), new Dense(5, 2, { random, dtype: 'float64' }), new ActivationLayer(new Sigmoid()),
    ], { loss: new BinaryCrossEntropy() });
    const x = random.normal([7, 3], 0, 1, { dtype: 'float64' });
    const y = random.uniform([7, 2], 0, 1, { dtype: 'float64' });
    model.backpropagate(y, model.forward(x, { training: true }));
    for (const { key, parameter } of model.namedParameters()) {
      const analytic = tensor(Array.from(parameter.gradient.data), { shape: parameter.gradient.shape, dtype: 'float64' });
      const numeric = numericalGradient(() => model.computeLoss(y, model.forward(x, { training: true })), parameter.value);
      expect(relativeError(analytic, numeric), key).toBeLessThan(1e-7);
    }
  });
});
