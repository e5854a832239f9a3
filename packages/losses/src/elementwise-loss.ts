import type { OutOption, Tensor } from '@nnts/tensor';
import { resolveOut } from '@nnts/tensor';
import type { Loss, LossConfig } from './loss';
import { assertFiniteTargets, assertPaired } from './targets';

/**
 * A loss that is the mean over all elements of a per-element loss ℓ(y, p): subclasses give ℓ and
 * ∂ℓ/∂p for one pair of numbers, this class runs the loops and the 1/N.
 */
export abstract class ElementwiseLoss implements Loss {
  abstract readonly name: string;

  protected abstract value(y: number, p: number): number;

  protected abstract slope(y: number, p: number): number;

  /** Extra checks on the targets (binary cross-entropy needs them in [0, 1]). */
  protected checkTargets(yTrue: Tensor): void {
    assertFiniteTargets(this.name, yTrue);
  }

  forward(yTrue: Tensor, yPred: Tensor): number {
    assertPaired(this.name, yTrue, yPred);
    this.checkTargets(yTrue);
    const y = yTrue.data;
    const p = yPred.data;
    let sum = 0;
    for (let i = 0; i < p.length; i++) sum += this.value(y[i]!, p[i]!);
    return sum / p.length;
  }

  backward(yTrue: Tensor, yPred: Tensor, options: OutOption = {}): Tensor {
    assertPaired(this.name, yTrue, yPred);
    this.checkTargets(yTrue);
    const out = resolveOut(options.out, yPred.shape, yPred.dtype, `${this.name}.backward`);
    const y = yTrue.data;
    const p = yPred.data;
    const g = out.data;
    const scale = 1 / p.length;
    for (let i = 0; i < p.length; i++) g[i] = this.slope(y[i]!, p[i]!) * scale;
    return out;
  }

  getConfig(): LossConfig {
    return { name: this.name };
  }
}
