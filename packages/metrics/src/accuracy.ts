import type { Tensor } from '@nnts/tensor';
import { assertFiniteNumber, assertKnownOptions } from '@nnts/tensor';
import { pairedLabels } from './labels';
import type { Metric } from './metric';

export interface AccuracyOptions {
  /** For a single column of probabilities: predict 1 when p >= threshold. 0.5 by default. */
  readonly threshold?: number;
}

/**
 * The fraction of samples whose predicted class is the true class. Binary predictions (one column
 * of probabilities) are thresholded; categorical ones (a row of scores per sample) are read by argmax.
 * Targets may be integer labels or one-hot rows.
 *
 * @example
 * accuracy(tensor([1, 0, 1]), tensor([[0.9], [0.2], [0.4]])); // 2/3
 */
export function accuracy(yTrue: Tensor, yPred: Tensor, options: AccuracyOptions = {}): number {
  assertKnownOptions('accuracy', options, ['threshold']);
  if (options.threshold !== undefined) assertFiniteNumber('accuracy', 'threshold', options.threshold);
  const [expected, predicted] = pairedLabels(yTrue, yPred, 'accuracy', options.threshold);
  let correct = 0;
  for (let i = 0; i < expected.length; i++) if (expected[i] === predicted[i]) correct++;
  return correct / expected.length;
}

/** `accuracy` as a Metric for a training loop. */
export function accuracyMetric(options: AccuracyOptions = {}): Metric {
  assertKnownOptions('accuracyMetric', options, ['threshold']);
  return { name: 'accuracy', compute: (yTrue, yPred) => accuracy(yTrue, yPred, options) };
}
