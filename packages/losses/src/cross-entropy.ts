import type { OutOption, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertBoolean, assertFiniteNumber, assertKnownOptions, formatShape, resolveOut } from '@nnts/tensor';
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
 * labels of shape [n] or [n, 1].
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
    const { rows, classes, target } = this.readTargets(yTrue, yPred);
    const p = yPred.data;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const start = r * classes;
      const logNormaliser = this.fromLogits ? logSumExp(p, start, classes) : 0;
      for (let k = 0; k < classes; k++) {
        const y = target(r, k);
        if (y === 0) continue;
        const logP = this.fromLogits ? p[start + k]! - logNormaliser : Math.log(Math.max(p[start + k]!, this.epsilon));
        total -= y * logP;
      }
    }
    return total / rows;
  }

  backward(yTrue: Tensor, yPred: Tensor, options: OutOption = {}): Tensor {
    const { rows, classes, target } = this.readTargets(yTrue, yPred);
    const out = resolveOut(options.out, yPred.shape, yPred.dtype, 'crossEntropy.backward');
    const p = yPred.data;
    const g = out.data;
    for (let r = 0; r < rows; r++) {
      const start = r * classes;
      if (this.fromLogits) {
        const logNormaliser = logSumExp(p, start, classes);
        for (let k = 0; k < classes; k++) g[start + k] = (Math.exp(p[start + k]! - logNormaliser) - target(r, k)) / rows;
      } else {
        // d/dp of -y·log(max(p, ε)): the gradient is taken at the clipped value, as the loss is.
        for (let k = 0; k < classes; k++) g[start + k] = -target(r, k) / Math.max(p[start + k]!, this.epsilon) / rows;
      }
    }
    return out;
  }

  getConfig(): LossConfig {
    return { name: this.name, fromLogits: this.fromLogits, epsilon: this.epsilon };
  }

  /** Validates the targets once and returns a reader y(row, class) for either label format. */
  private readTargets(yTrue: Tensor, yPred: Tensor): { rows: number; classes: number; target: (row: number, k: number) => number } {
    if (yPred.rank !== 2 || yPred.size === 0) {
      throw new ShapeError(`crossEntropy: yPred must be a non-empty [samples, classes] matrix, got ${formatShape(yPred.shape)}`);
    }
    const [rows, classes] = yPred.shape as [number, number];
    const y = yTrue.data;
    const isLabels = (yTrue.rank === 1 && yTrue.shape[0] === rows) || (yTrue.rank === 2 && yTrue.shape[0] === rows && yTrue.shape[1] === 1 && classes > 1);
    if (isLabels) {
      for (let r = 0; r < rows; r++) {
        const label = y[r]!;
        if (!Number.isInteger(label) || label < 0 || label >= classes) {
          throw new ValueError(`crossEntropy: label ${label} in row ${r} is not a class index in [0, ${classes}) for yPred ${formatShape(yPred.shape)}`);
        }
      }
      return { rows, classes, target: (row, k) => (y[row] === k ? 1 : 0) };
    }
    if (yTrue.rank !== 2 || yTrue.shape[0] !== rows || yTrue.shape[1] !== classes) {
      throw new ShapeError(
        `crossEntropy: yTrue ${formatShape(yTrue.shape)} does not fit yPred ${formatShape(yPred.shape)}: expected one-hot rows [${rows}, ${classes}] or labels [${rows}]`,
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
    return { rows, classes, target: (row, k) => y[row * classes + k]! };
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
