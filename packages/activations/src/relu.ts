import { ElementwiseActivation } from './activation';

/** ReLU(z) = max(z, 0) (Nair and Hinton, 2010). */
export class ReLU extends ElementwiseActivation {
  readonly name = 'relu';

  protected value(z: number): number {
    return z > 0 ? z : 0;
  }

  /** 1 for z > 0, else 0; at exactly 0 the slope is 0, as in PyTorch. */
  protected slope(z: number): number {
    return z > 0 ? 1 : 0;
  }
}
