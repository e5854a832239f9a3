import type { Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, formatShape } from '@nnts/tensor';

/**
 * Class labels from targets: integer labels of shape [n] or [n, 1] as they are, one-hot rows
 * [n, k] (k > 1) by their position of the 1 (argmax).
 */
export function trueLabels(yTrue: Tensor, metric: string): Int32Array {
  if (isColumn(yTrue)) {
    const labels = new Int32Array(yTrue.size);
    for (let i = 0; i < yTrue.size; i++) {
      const v = yTrue.data[i]!;
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`${metric}: yTrue[${i}] is ${v}; class labels must be integers >= 0`);
      labels[i] = v;
    }
    return labels;
  }
  return rowArgmax(yTrue, metric, 'yTrue');
}

/**
 * Predicted class labels: rows of scores [n, k] (k > 1) by argmax; a column [n] or [n, 1] of
 * probabilities in [0, 1] by `threshold` (1 when p >= threshold); a column of integer labels as they are.
 */
export function predictedLabels(yPred: Tensor, metric: string, threshold = 0.5): Int32Array {
  if (!isColumn(yPred)) return rowArgmax(yPred, metric, 'yPred');
  const labels = new Int32Array(yPred.size);
  const probabilities = yPred.data.every((v) => v >= 0 && v <= 1);
  for (let i = 0; i < yPred.size; i++) {
    const v = yPred.data[i]!;
    if (probabilities) labels[i] = v >= threshold ? 1 : 0;
    else if (Number.isInteger(v) && v >= 0) labels[i] = v;
    else throw new ValueError(`${metric}: yPred[${i}] is ${v}; a column of predictions must hold probabilities in [0, 1] or integer labels`);
  }
  return labels;
}

/** Labels of both sides, checked to describe the same number of samples. */
export function pairedLabels(yTrue: Tensor, yPred: Tensor, metric: string, threshold?: number): [Int32Array, Int32Array] {
  const expected = trueLabels(yTrue, metric);
  const predicted = predictedLabels(yPred, metric, threshold);
  if (expected.length !== predicted.length) {
    throw new ShapeError(`${metric}: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} hold different numbers of samples`);
  }
  if (expected.length === 0) throw new ShapeError(`${metric}: no samples (yTrue ${formatShape(yTrue.shape)})`);
  return [expected, predicted];
}

function isColumn(y: Tensor): boolean {
  return y.rank === 1 || (y.rank === 2 && y.shape[1] === 1);
}

function rowArgmax(y: Tensor, metric: string, what: string): Int32Array {
  if (y.rank !== 2) throw new ShapeError(`${metric}: ${what} must be [n], [n, 1] or [n, classes], got ${formatShape(y.shape)}`);
  const [rows, classes] = y.shape as [number, number];
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (y.data[r * classes + k]! > y.data[r * classes + best]!) best = k;
    labels[r] = best;
  }
  return labels;
}
