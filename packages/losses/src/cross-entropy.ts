import type { OutOption, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertBoolean, assertFiniteNumber, assertKnownOptions, formatShape, getBackend, resolveOut } from '@nnts/tensor';
import type { Loss, LossConfig } from './loss';

export interface CrossEntropyOptions {
  /** Predictions are logits (any real), not probabilities: softmax is applied inside, stably. Default false. */
  readonly fromLogits?: boolean;
  /** Probabilities are clipped below at epsilon so log never sees 0; 1e-7 by default. */
  readonly epsilon?: number;
}

/**
 * Categorical cross-entropy: the mean over samples of -Σ_k y_k·log p_k, for predictions of shape
 * [n, k]. Targets are either one-hot (or soft) rows of shape [n, k] that sum to 1, or integer class
 * labels of shape [n] or [n, 1]. Predictions of more axes, [n, ..., k] (a sequence model's every step),
 * are rows of k too, with targets [n, ...] or [n, ..., k], and the mean runs over every row (as Keras
 * averages over batch and time).
 *
 * With `fromLogits`, p = softmax(z) is folded in: the loss is logsumexp(z) - z_y, and the gradient of
 * softmax followed by cross-entropy collapses to (p - y) / n, the fused form every framework uses.
 */
export class CrossEntropy implements Loss {
  readonly name = 'crossEntropy';
  readonly fromLogits: boolean;
  readonly epsilon: number;

  constructor(options: CrossEntropyOptions = {}) {
    assertKnownOptions('CrossEntropy', options, ['fromLogits', 'epsilon']);
    this.fromLogits = options.fromLogits ?? false;
    this.epsilon = options.epsilon ?? 1e-7;
    assertBoolean('CrossEntropy', 'fromLogits', this.fromLogits);
    assertFiniteNumber('CrossEntropy', 'epsilon', this.epsilon);
    if (!(this.epsilon > 0 && this.epsilon < 1)) throw new ValueError(`CrossEntropy: epsilon must be in (0, 1), got ${this.epsilon}`);
  }

  forward(yTrue: Tensor, yPred: Tensor): number {
    const labels = this.targetsAreLabels(yTrue, yPred);
    const classes = yPred.shape[yPred.rank - 1]!;
    const rows = yPred.size / classes;
    const p = yPred.data;
    const y = yTrue.data;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const start = r * classes;
      const logNormaliser = this.fromLogits ? logSumExp(p, start, classes) : 0;
      for (let k = 0; k < classes; k++) {
        const target = labels ? (y[r] === k ? 1 : 0) : y[start + k]!;
        if (target === 0) continue;
        const logP = this.fromLogits ? p[start + k]! - logNormaliser : Math.log(Math.max(p[start + k]!, this.epsilon));
        total -= target * logP;
      }
    }
    return total / rows;
  }

  backward(yTrue: Tensor, yPred: Tensor, options: OutOption = {}): Tensor {
    const labels = this.targetsAreLabels(yTrue, yPred);
    const classes = yPred.shape[yPred.rank - 1]!;
    const rows = yPred.size / classes;
    const out = resolveOut(options.out, yPred.shape, yPred.dtype, 'crossEntropy.backward');
    const p = yPred.data;
    const y = yTrue.data;
    const g = out.data;
    for (let r = 0; r < rows; r++) {
      const start = r * classes;
      const logNormaliser = this.fromLogits ? logSumExp(p, start, classes) : 0;
      for (let k = 0; k < classes; k++) {
        const target = labels ? (y[r] === k ? 1 : 0) : y[start + k]!;
        // Without logits, d/dp of -y·log(max(p, ε)) is taken at the clipped value, as the loss is.
        g[start + k] = this.fromLogits ? (Math.exp(p[start + k]! - logNormaliser) - target) / rows : -target / Math.max(p[start + k]!, this.epsilon) / rows;
      }
    }
    return out;
  }

  /**
   * dL/dz where the predictions p = softmax(z) came from a Softmax layer: exactly
   * `softmax.backward(this.backward(yTrue, p), z, p)`, in one pass instead of two. Where no
   * probability is clipped it is the familiar (p - y) / n. Needs probabilities (not `fromLogits`).
   */
  backwardThroughSoftmax(yTrue: Tensor, probabilities: Tensor, options: OutOption = {}): Tensor {
    if (this.fromLogits) throw new ValueError('crossEntropy.backwardThroughSoftmax: the loss takes logits already; use backward');
    const labels = this.targetsAreLabels(yTrue, probabilities);
    const classes = probabilities.shape[probabilities.rank - 1]!;
    const rows = probabilities.size / classes;
    const out = resolveOut(options.out, probabilities.shape, probabilities.dtype, 'crossEntropy.backwardThroughSoftmax');
    const backend = getBackend();
    if (backend.softmaxCrossEntropyBackward) {
      backend.softmaxCrossEntropyBackward(probabilities.data, yTrue.data, labels, out.data, rows, classes, this.epsilon);
      return out;
    }
    const p = probabilities.data;
    const y = yTrue.data;
    const dz = out.data;
    for (let r = 0; r < rows; r++) {
      const start = r * classes;
      // The loss gradient g is stored in the output's dtype by backward, so it is rounded here too.
      let dot = 0;
      for (let k = 0; k < classes; k++) {
        dz[start + k] = -(labels ? (y[r] === k ? 1 : 0) : y[start + k]!) / Math.max(p[start + k]!, this.epsilon) / rows;
        dot += dz[start + k]! * p[start + k]!;
      }
      for (let k = 0; k < classes; k++) dz[start + k] = p[start + k]! * (dz[start + k]! - dot);
    }
    return out;
  }

  /** See Loss.saturated: every target class's probability is at most epsilon or at least 1 - epsilon, some at most epsilon. */
  saturated(yTrue: Tensor, yPred: Tensor): boolean {
    if (this.fromLogits) return false;
    const labels = this.targetsAreLabels(yTrue, yPred);
    const [rows, classes] = yPred.shape as [number, number];
    const p = yPred.data;
    const y = yTrue.data;
    let wrong = false;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < classes; k++) {
        if ((labels ? (y[r] === k ? 1 : 0) : y[r * classes + k]!) === 0) continue;
        const q = p[r * classes + k]!;
        if (q <= this.epsilon) wrong = true;
        else if (q < 1 - this.epsilon) return false;
      }
    }
    return wrong;
  }

  getConfig(): LossConfig {
    return { name: this.name, fromLogits: this.fromLogits, epsilon: this.epsilon };
  }

  /** Validates the targets and says which format they are in: class labels (true), or rows of class probabilities. */
  private targetsAreLabels(yTrue: Tensor, yPred: Tensor): boolean {
    if (yPred.rank < 2 || yPred.size === 0) {
      throw new ShapeError(`crossEntropy: yPred must be a non-empty [samples, classes] matrix (or [samples, ..., classes]), got ${formatShape(yPred.shape)}`);
    }
    const classes = yPred.shape[yPred.rank - 1]!;
    const rows = yPred.size / classes;
    const leading = yPred.shape.slice(0, -1);
    const y = yTrue.data;
    const sameLeading = yTrue.rank >= leading.length && leading.every((d, i) => yTrue.shape[i] === d);
    // Labels: one per row, shaped as yPred without its class axis (or with a trailing axis of 1).
    const isLabels = sameLeading && classes > 1 && (yTrue.rank === leading.length || (yTrue.rank === leading.length + 1 && yTrue.shape[leading.length] === 1))
      || (yPred.rank === 2 && yTrue.rank === 1 && yTrue.shape[0] === rows);
    if (isLabels) {
      for (let r = 0; r < rows; r++) {
        const label = y[r]!;
        if (!Number.isInteger(label) || label < 0 || label >= classes) {
          throw new ValueError(`crossEntropy: label ${label} in row ${r} is not a class index in [0, ${classes}) for yPred ${formatShape(yPred.shape)}`);
        }
      }
      return true;
    }
    if (yTrue.rank !== yPred.rank || yTrue.shape.some((d, i) => d !== yPred.shape[i])) {
      const labelsShape = formatShape(leading);
      throw new ShapeError(
        `crossEntropy: yTrue ${formatShape(yTrue.shape)} does not fit yPred ${formatShape(yPred.shape)}: expected one-hot rows ${formatShape(yPred.shape)} or labels ${labelsShape}`,
      );
    }
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let k = 0; k < classes; k++) {
        const v = y[r * classes + k]!;
        if (!(v >= 0 && v <= 1)) throw new ValueError(`crossEntropy: yTrue[${r}, ${k}] is ${v}; one-hot or soft targets must lie in [0, 1]`);
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-4) throw new ValueError(`crossEntropy: row ${r} of yTrue sums to ${sum}; each row of targets must sum to 1`);
    }
    return false;
  }
}

function logSumExp(x: ArrayLike<number>, start: number, length: number): number {
  let max = -Infinity;
  for (let k = 0; k < length; k++) max = Math.max(max, x[start + k]!);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let k = 0; k < length; k++) sum += Math.exp(x[start + k]! - max);
  return max + Math.log(sum);
}
