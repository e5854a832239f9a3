import { ElementwiseLoss } from './elementwise-loss';

/** MAE = mean|p - y|: robust to outliers, with a constant-size gradient. */
export class MeanAbsoluteError extends ElementwiseLoss {
  readonly name = 'meanAbsoluteError';

  protected value(y: number, p: number): number {
    return Math.abs(p - y);
  }

  /** sign(p - y), and 0 where p = y (the subgradient PyTorch uses). */
  protected slope(y: number, p: number): number {
    return p > y ? 1 : p < y ? -1 : 0;
  }
}
