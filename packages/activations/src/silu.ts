import { ElementwiseActivation } from './activation';
import { sigmoid } from './sigmoid';

/** SiLU(z) = z·σ(z), also called Swish (Elfwing et al., 2017; Ramachandran et al., 2017). */
export class SiLU extends ElementwiseActivation {
  readonly name = 'silu';

  protected value(z: number): number {
    return z * sigmoid(z);
  }

  /** SiLU'(z) = σ(z)·(1 + z·(1 - σ(z))), with 1 - σ(z) written as σ(-z) to stay accurate. */
  protected slope(z: number): number {
    return sigmoid(z) * (1 + z * sigmoid(-z));
  }
}
