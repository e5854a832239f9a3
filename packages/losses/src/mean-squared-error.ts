import { ElementwiseLoss } from './elementwise-loss';

/** MSE = mean((p - y)²): the loss of least squares regression. */
export class MeanSquaredError extends ElementwiseLoss {
  readonly name = 'meanSquaredError';

  protected value(y: number, p: number): number {
    return (p - y) * (p - y);
  }

  /** ∂/∂p (p - y)² = 2(p - y). */
  protected slope(y: number, p: number): number {
    return 2 * (p - y);
  }
}
