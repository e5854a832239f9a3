import type { Tensor } from '@nnts/tensor';
import { ValueError, assertFiniteNumber, assertKnownOptions, describeValue, zeros } from '@nnts/tensor';
import { pairedLabels } from './labels';

export interface ClassOptions {
  /** The number of classes k: classes are 0..k-1, even those that never occur. Default: the largest label seen + 1. */
  readonly numClasses?: number;
  /** For a single column of probabilities (binary problems). 0.5 by default. */
  readonly threshold?: number;
}

/**
 * counts[i][j] = how many samples of true class i were predicted as class j (rows: truth, columns:
 * prediction, as scikit-learn prints it).
 */
export function confusionMatrix(yTrue: Tensor, yPred: Tensor, options: ClassOptions = {}): Tensor {
  assertClassOptions('confusionMatrix', options);
  const [expected, predicted] = pairedLabels(yTrue, yPred, 'confusionMatrix', options.threshold);
  const k = classCount(expected, predicted, options.numClasses, 'confusionMatrix');
  const counts = zeros([k, k], { dtype: 'float64' });
  for (let i = 0; i < expected.length; i++) counts.data[expected[i]! * k + predicted[i]!]! += 1;
  return counts;
}

export function classCount(expected: Int32Array, predicted: Int32Array, numClasses: number | undefined, metric: string): number {
  let largest = -1;
  for (const label of expected) largest = Math.max(largest, label);
  for (const label of predicted) largest = Math.max(largest, label);
  if (numClasses === undefined) return largest + 1;
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new ValueError(`${metric}: numClasses must be an integer >= 1, got ${numClasses}`);
  if (largest >= numClasses) throw new ValueError(`${metric}: label ${largest} is outside 0..${numClasses - 1} (numClasses ${numClasses})`);
  return numClasses;
}

/** The class options of confusionMatrix and precisionRecallF1, refused when unknown or of the wrong kind. */
export function assertClassOptions(metric: string, options: ClassOptions): void {
  assertKnownOptions(metric, options, ['numClasses', 'threshold']);
  const { numClasses, threshold } = options;
  if (numClasses !== undefined && !(Number.isSafeInteger(numClasses) && numClasses >= 1)) throw new ValueError(`${metric}: numClasses must be an integer >= 1, got ${describeValue(numClasses)}`);
  if (threshold !== undefined) assertFiniteNumber(metric, 'threshold', threshold);
}
