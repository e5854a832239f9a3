import { ElementwiseActivation } from './activation';

/** tanh(z) = (e^{z} - e^{-z}) / (e^{z} + e^{-z}) = 2σ(2z) - 1, in (-1, 1). */
export class Tanh extends ElementwiseActivation {
  readonly name = 'tanh';

  protected value(z: number): number {
    return Math.tanh(z);
  }

  /** tanh'(z) = 1 - tanh²(z). */
  protected slope(_z: number, a: number): number {
    return 1 - a * a;
  }
}
