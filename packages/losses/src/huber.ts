import { ValueError, assertFiniteNumber, assertKnownOptions } from '@nnts/tensor';
import { ElementwiseLoss } from './elementwise-loss';
import type { LossConfig } from './loss';

export interface HuberOptions {
  /** Where the loss turns from quadratic to linear; 1 by default, as in PyTorch and Keras. */
  readonly delta?: number;
}

/** Huber loss (Huber, 1964): ½r² for |r| <= delta, delta·(|r| - ½delta) beyond, with r = p - y. */
export class Huber extends ElementwiseLoss {
  readonly name = 'huber';
  readonly delta: number;

  constructor(options: HuberOptions = {}) {
    super();
    assertKnownOptions('Huber', options, ['delta']);
    this.delta = options.delta ?? 1;
    assertFiniteNumber('Huber', 'delta', this.delta);
    if (this.delta <= 0) throw new ValueError(`Huber: delta must be > 0, got ${this.delta}`);
  }

  protected value(y: number, p: number): number {
    const r = Math.abs(p - y);
    return r <= this.delta ? 0.5 * r * r : this.delta * (r - 0.5 * this.delta);
  }

  /** r inside the quadratic zone, delta·sign(r) beyond it. */
  protected slope(y: number, p: number): number {
    const r = p - y;
    return r > this.delta ? this.delta : r < -this.delta ? -this.delta : r;
  }

  override getConfig(): LossConfig {
    return { name: this.name, delta: this.delta };
  }
}
