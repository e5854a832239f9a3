import { assertFiniteNumber, assertKnownOptions } from '@nnts/tensor';
import type { ActivationConfig } from './activation';
import { ElementwiseActivation } from './activation';

export interface LeakyReLUOptions {
  /** Slope for negative inputs; 0.01 by default, as in PyTorch and Keras 3. */
  readonly alpha?: number;
}

/** LeakyReLU(z) = z for z > 0, alpha·z otherwise (Maas et al., 2013). */
export class LeakyReLU extends ElementwiseActivation {
  readonly name = 'leakyRelu';
  readonly alpha: number;

  constructor(options: LeakyReLUOptions = {}) {
    super();
    assertKnownOptions('LeakyReLU', options, ['alpha']);
    this.alpha = options.alpha ?? 0.01;
    assertFiniteNumber('LeakyReLU', 'alpha', this.alpha);
  }

  protected value(z: number): number {
    return z > 0 ? z : this.alpha * z;
  }

  /** 1 for z > 0, else alpha (alpha at exactly 0, as in PyTorch). */
  protected slope(z: number): number {
    return z > 0 ? 1 : this.alpha;
  }

  override kernelParameter(): number {
    return this.alpha;
  }

  override getConfig(): ActivationConfig {
    return { name: this.name, alpha: this.alpha };
  }
}
