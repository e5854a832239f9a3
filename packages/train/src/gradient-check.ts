import { Embedding } from '@nnts/layers';
import type { Tensor } from '@nnts/tensor';
import { assertKnownOptions, numericalGradient, relativeError, tensor } from '@nnts/tensor';
import type { Sequential } from './sequential';

export interface GradientCheckResult {
  /** relativeError (‖a − b‖/‖a + b‖) of each parameter's backpropagated gradient against finite differences. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The same for the gradient with respect to the inputs; null when they are ids (a model that starts with an Embedding). */
  readonly input: number | null;
  /** The largest of them all. */
  readonly worst: number;
}

/**
 * Compares the gradients backpropagation computes with central finite differences of the loss, for
 * every parameter and for the input (the numerical gradient check of seed 003; not for ids). Run it in float64 on
 * a small batch; layers with randomness (Dropout) need a fixed mask. Values below 1e-6 mean the
 * gradients agree.
 */
export function checkGradients(model: Sequential, x: Tensor, y: Tensor, options: { readonly epsilon?: number } = {}): GradientCheckResult {
  assertKnownOptions('checkGradients', options, ['epsilon']);
  const loss = (): number => model.computeLoss(y, model.forward(x, { training: true }));
  const yPred = model.forward(x, { training: true });
  const inputGradient = model.backward(model.loss.backward(y, yPred));
  const analyticInput = tensor(inputGradient.data, { shape: inputGradient.shape });
  const analytic = model.namedParameters().map(({ key, parameter }) => [key, tensor(parameter.gradient.data, { shape: parameter.gradient.shape })] as const);
  const epsilon = options.epsilon === undefined ? {} : { epsilon: options.epsilon };
  const parameters: Record<string, number> = {};
  model.namedParameters().forEach(({ parameter }, i) => {
    const [key, gradient] = analytic[i]!;
    parameters[key] = relativeError(gradient, numericalGradient(loss, parameter.value, epsilon));
  });
  // Ids have no gradient: nudging one by epsilon is not an id.
  const input = model.layers[0] instanceof Embedding ? null : relativeError(analyticInput, numericalGradient(loss, x, epsilon));
  return { parameters, input, worst: Math.max(input ?? 0, ...Object.values(parameters)) };
}
