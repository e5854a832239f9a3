import { ValueError, assertFiniteNumber, assertKnownOptions } from '@nnts/tensor';
import type { ActivationConfig } from './activation';
import { ElementwiseActivation } from './activation';

export interface ELUOptions {
  /** Value approached for large negative inputs is -alpha; 1 by default. */
  readonly alpha?: number;
}

/** ELU(z) = z for z > 0, alpha·(e^{z} - 1) otherwise (Clevert et al., 2015). */
export class ELU extends ElementwiseActivation {
  readonly name = 'elu';
  readonly alpha: number;

  constructor(options: ELUOptions = {}) {
    super();
    assertKnownOptions('ELU', options, ['alpha']);
    this.alpha = options.alpha ?? 1;
    assertFiniteNumber('ELU', 'alpha', this.alpha);
    if (this.alpha < 0) throw new ValueError(`ELU: alpha must be >= 0, got ${this.alpha}`);
  }

  protected value(z: number): number {
    return z > 0 ? z : this.alpha * Math.expm1(z);
  }

  /** 1 for z > 0, else alpha·e^{z} (which is ELU(z) + alpha). */
  protected slope(z: number): number {
    return z > 0 ? 1 : this.alpha * Math.exp(z);
  }

  override kernelParameter(): number {
    return this.alpha;
  }

  override getConfig(): ActivationConfig {
    return { name: this.name, alpha: this.alpha };
  }
}
