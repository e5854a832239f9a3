import { ElementwiseActivation } from './activation';
import { sigmoid } from './sigmoid';

/** Softplus(z) = log(1 + e^{z}), a smooth ReLU; computed as max(z, 0) + log1p(e^{-|z|}) so e^{z} never overflows. */
export class Softplus extends ElementwiseActivation {
  readonly name = 'softplus';

  protected value(z: number): number {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** Softplus'(z) = σ(z). */
  protected slope(z: number): number {
    return sigmoid(z);
  }
}
