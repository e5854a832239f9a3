import type { OutOption, Tensor } from '@nnts/tensor';

/** What `getConfig()` returns: a stable name plus the options, plain JSON. */
export interface LossConfig {
  readonly name: string;
  readonly [option: string]: string | number | boolean;
}

/**
 * A loss L(yTrue, yPred) to minimise.
 *
 * Normalisation, the same for every loss: L is the mean over samples (the first axis) of a
 * per-sample loss. Elementwise losses (MSE, MAE, Huber, binary cross-entropy) average over a sample's
 * outputs, so L is the mean over all elements; categorical cross-entropy sums over a sample's classes.
 * `backward` returns exactly ∂L/∂yPred of that mean, so it can be fed to the output layer as it is.
 */
export interface Loss {
  readonly name: string;
  /** The mean loss. */
  forward(yTrue: Tensor, yPred: Tensor): number;
  /** ∂L/∂yPred, shaped like yPred. */
  backward(yTrue: Tensor, yPred: Tensor, options?: OutOption): Tensor;
  /**
   * For a loss that clips its predictions: true when every term of the loss sits at a clipping bound
   * and at least one at the wrong one (a target's probability at or below epsilon). The loss is then a
   * multiple of -log(epsilon) and its gradient all but vanishes: training is stuck, not converging.
   */
  saturated?(yTrue: Tensor, yPred: Tensor): boolean;
  getConfig(): LossConfig;
}
