import { ElementwiseActivation } from './activation';

/** The identity a = z: the output of a regression network, and the seed's Σ. */
export class Linear extends ElementwiseActivation {
  readonly name = 'linear';

  protected value(z: number): number {
    return z;
  }

  protected slope(): number {
    return 1;
  }
}
