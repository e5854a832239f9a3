import { ElementwiseActivation } from './activation';
import { normalCdf, normalPdf } from './normal-distribution';

/**
 * GELU(z) = z·Φ(z), Φ the standard normal CDF (Hendrycks and Gimpel, 2016): the exact form, as
 * PyTorch's default, not the tanh approximation.
 */
export class GELU extends ElementwiseActivation {
  readonly name = 'gelu';

  protected value(z: number): number {
    return z * normalCdf(z);
  }

  /** GELU'(z) = Φ(z) + z·φ(z). */
  protected slope(z: number): number {
    return normalCdf(z) + z * normalPdf(z);
  }
}
