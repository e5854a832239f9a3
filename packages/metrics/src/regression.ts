import type { Tensor } from '@nnts/tensor';
import { ShapeError, assertPairedShapes, formatShape } from '@nnts/tensor';

function assertPaired(metric: string, yTrue: Tensor, yPred: Tensor): void {
  assertPairedShapes(metric, yTrue.shape, yPred.shape);
  if (yTrue.size === 0) throw new ShapeError(`${metric}: no samples (yTrue ${formatShape(yTrue.shape)})`);
}

/** mean((yPred - yTrue)²) over all elements. */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): number {
  assertPaired('meanSquaredError', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.size; i++) sum += (yPred.data[i]! - yTrue.data[i]!) ** 2;
  return sum / yTrue.size;
}

/** √MSE, in the units of the target. */
export function rootMeanSquaredError(yTrue: Tensor, yPred: Tensor): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

/** mean|yPred - yTrue| over all elements. */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): number {
  assertPaired('meanAbsoluteError', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.size; i++) sum += Math.abs(yPred.data[i]! - yTrue.data[i]!);
  return sum / yTrue.size;
}

/**
 * The coefficient of determination R² = 1 - SS_res / SS_tot: 1 for perfect predictions, 0 for
 * predicting the mean, negative for worse. With several output columns it is their plain average
 * (scikit-learn's 'uniform_average'). A constant target (SS_tot = 0) gives 1 when predicted exactly
 * and 0 otherwise, instead of dividing by zero (scikit-learn's force_finite).
 */
export function r2Score(yTrue: Tensor, yPred: Tensor): number {
  assertPaired('r2Score', yTrue, yPred);
  const outputs = yTrue.rank === 2 ? yTrue.shape[1]! : 1;
  const rows = yTrue.size / outputs;
  let total = 0;
  for (let o = 0; o < outputs; o++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += yTrue.data[r * outputs + o]!;
    mean /= rows;
    let residual = 0;
    let spread = 0;
    for (let r = 0; r < rows; r++) {
      const y = yTrue.data[r * outputs + o]!;
      residual += (y - yPred.data[r * outputs + o]!) ** 2;
      spread += (y - mean) ** 2;
    }
    total += spread === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / spread;
  }
  return total / outputs;
}
