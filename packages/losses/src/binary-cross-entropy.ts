import type { OutOption, Tensor } from '@nnts/tensor';
import { ValueError, assertBoolean, assertFiniteNumber, assertKnownOptions, resolveOut } from '@nnts/tensor';
import { ElementwiseLoss } from './elementwise-loss';
import type { LossConfig } from './loss';
import { assertPaired, assertTargetsWithin } from './targets';

export interface BinaryCrossEntropyOptions {
  /** Predictions are logits z (any real), not probabilities: the stable fused form. Default false. */
  readonly fromLogits?: boolean;
  /** Clip probabilities to [epsilon, 1 - epsilon] so log never sees 0. Default true, as in the seed. */
  readonly clip?: boolean;
  /** The clipping margin; 1e-7 by default, as in Keras. */
  readonly epsilon?: number;
}

/**
 * Binary cross-entropy: -mean(y·log p + (1 - y)·log(1 - p)), targets y in [0, 1].
 *
 * With probabilities (the default), p is clipped to [epsilon, 1 - epsilon] and the gradient
 * (p - y) / (p(1 - p)) is taken at the clipped p, so a saturated prediction still gets a finite gradient
 * pointing the right way. With `fromLogits`, the loss is computed from z as
 * max(z, 0) - z·y + log(1 + e^{-|z|}), exact for any z, and its gradient is σ(z) - y.
 *
 * After a sigmoid, `backwardThroughSigmoid` gives dL/dz = (p - y) / N in one step (Sequential uses
 * it): the two factors p(1 - p) cancel exactly instead of being rounded apart.
 */
export class BinaryCrossEntropy extends ElementwiseLoss {
  readonly name = 'binaryCrossEntropy';
  readonly fromLogits: boolean;
  readonly clip: boolean;
  readonly epsilon: number;

  constructor(options: BinaryCrossEntropyOptions = {}) {
    super();
    assertKnownOptions('BinaryCrossEntropy', options, ['fromLogits', 'clip', 'epsilon']);
    this.fromLogits = options.fromLogits ?? false;
    this.clip = options.clip ?? true;
    this.epsilon = options.epsilon ?? 1e-7;
    assertBoolean('BinaryCrossEntropy', 'fromLogits', this.fromLogits);
    assertBoolean('BinaryCrossEntropy', 'clip', this.clip);
    assertFiniteNumber('BinaryCrossEntropy', 'epsilon', this.epsilon);
    if (!(this.epsilon > 0 && this.epsilon < 0.5)) throw new ValueError(`BinaryCrossEntropy: epsilon must be in (0, 0.5), got ${this.epsilon}`);
  }

  protected override checkTargets(yTrue: Tensor): void {
    assertTargetsWithin(this.name, yTrue, 0, 1);
  }

  protected value(y: number, p: number): number {
    if (this.fromLogits) return Math.max(p, 0) - p * y + Math.log1p(Math.exp(-Math.abs(p)));
    const q = this.clipped(p);
    // 0·log 0 is 0: a hard label does not pay for the class it is not.
    return -((y > 0 ? y * Math.log(q) : 0) + (y < 1 ? (1 - y) * Math.log(1 - q) : 0));
  }

  protected slope(y: number, p: number): number {
    if (this.fromLogits) return sigmoid(p) - y;
    const q = this.clipped(p);
    // Unclipped, p can be exactly 0 or 1: take the two terms apart, each absent where its weight is 0
    // (as the loss does with 0·log 0), so p = y = 1 gives -1, not 0/0.
    if (q === 0 || q === 1) return (y < 1 ? (1 - y) / (1 - q) : 0) - (y > 0 ? y / q : 0);
    return (q - y) / (q * (1 - q));
  }

  /**
   * dL/dz where the predictions p = σ(z) came from a sigmoid: (p - y) / N, the derivative of the loss
   * as a function of z (what Keras takes when a sigmoid feeds this loss, and PyTorch's
   * BCEWithLogitsLoss). The chain through `backward` divides by the rounded p(1 - p) while the
   * sigmoid multiplies by σ(z)σ(-z); in float32 near p = 1 the two do not cancel (5.6e-2 relative
   * error at z = 16). Clipping bounds the loss value, not this gradient: a confidently wrong
   * prediction is pushed back with full strength. Needs probabilities (not `fromLogits`).
   */
  backwardThroughSigmoid(yTrue: Tensor, probabilities: Tensor, options: OutOption = {}): Tensor {
    if (this.fromLogits) throw new ValueError('binaryCrossEntropy.backwardThroughSigmoid: the loss takes logits already; use backward');
    assertPaired(this.name, yTrue, probabilities);
    this.checkTargets(yTrue);
    const out = resolveOut(options.out, probabilities.shape, probabilities.dtype, 'binaryCrossEntropy.backwardThroughSigmoid');
    const y = yTrue.data;
    const p = probabilities.data;
    const dz = out.data;
    const scale = 1 / p.length;
    for (let i = 0; i < dz.length; i++) dz[i] = (p[i]! - y[i]!) * scale;
    return out;
  }

  /** See Loss.saturated: every term at a clipping bound, some at the wrong one (so the loss is a multiple of -log ε). */
  saturated(yTrue: Tensor, yPred: Tensor): boolean {
    if (this.fromLogits || !this.clip) return false;
    const y = yTrue.data;
    const p = yPred.data;
    const low = this.epsilon;
    const high = 1 - this.epsilon;
    let wrong = false;
    for (let i = 0; i < p.length; i++) {
      const target = y[i]!;
      const q = p[i]!;
      if (q > low && q < high) return false;
      if ((q <= low && target > 0) || (q >= high && target < 1)) wrong = true;
    }
    return wrong;
  }

  private clipped(p: number): number {
    if (!this.clip) return p;
    return p < this.epsilon ? this.epsilon : p > 1 - this.epsilon ? 1 - this.epsilon : p;
  }

  override getConfig(): LossConfig {
    return { name: this.name, fromLogits: this.fromLogits, clip: this.clip, epsilon: this.epsilon };
  }
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
