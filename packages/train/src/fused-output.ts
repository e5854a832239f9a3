import type { Activation } from '@nnts/activations';
import { Sigmoid, Softmax } from '@nnts/activations';
import type { Layer } from '@nnts/layers';
import { ActivationLayer, isActivatedLayer } from '@nnts/layers';
import type { Loss } from '@nnts/losses';
import { BinaryCrossEntropy, CrossEntropy } from '@nnts/losses';
import type { OutOption, Tensor } from '@nnts/tensor';

/** dL/dz of the output activation's pre-activations z, from the targets and the model's output p. */
export type FusedOutputGradient = (yTrue: Tensor, probabilities: Tensor, options: OutOption) => Tensor;

/**
 * The gradient of an output activation and the loss after it taken together, where they cancel:
 * softmax with cross-entropy on probabilities, and sigmoid with binary cross-entropy on
 * probabilities, both (p - y) / n. Null for any other pairing, which backpropagates the two apart.
 */
export function fusedOutputGradient(last: Layer, loss: Loss): FusedOutputGradient | null {
  const activation = outputActivation(last);
  if (activation instanceof Softmax && loss instanceof CrossEntropy && !loss.fromLogits) {
    const crossEntropy = loss;
    return (yTrue, p, options) => crossEntropy.backwardThroughSoftmax(yTrue, p, options);
  }
  if (activation instanceof Sigmoid && loss instanceof BinaryCrossEntropy && !loss.fromLogits) {
    const binary = loss;
    return (yTrue, p, options) => binary.backwardThroughSigmoid(yTrue, p, options);
  }
  return null;
}

/** The activation that makes the model's output: an Activation layer's, or the last layer's own. */
function outputActivation(last: Layer): Activation | null {
  if (last instanceof ActivationLayer) return last.activation;
  if (isActivatedLayer(last)) return last.activation;
  return null;
}
