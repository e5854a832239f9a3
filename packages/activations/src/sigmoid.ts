import { ElementwiseActivation } from './activation';

/**
 * σ(z) = 1 / (1 + e^{-z}), in (0, 1). Computed as e^{z} / (1 + e^{z}) for negative z so that e^{-z}
 * never overflows: σ(-800) is a tiny number, not NaN.
 */
export class Sigmoid extends ElementwiseActivation {
  readonly name = 'sigmoid';

  protected value(z: number): number {
    return sigmoid(z);
  }

  /** σ'(z) = σ(z)·σ(-z): written this way it stays accurate where σ(z) rounds to 1. */
  protected slope(z: number): number {
    return sigmoid(z) * sigmoid(-z);
  }
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
