import { ValueError } from '@nnts/tensor';
import { accuracy } from './accuracy';
import type { Metric } from './metric';
import { precisionRecallF1 } from './precision-recall';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression';

const metrics: Readonly<Record<string, Metric['compute']>> = {
  accuracy: (yTrue, yPred) => accuracy(yTrue, yPred),
  precision: (yTrue, yPred) => precisionRecallF1(yTrue, yPred).macro.precision,
  recall: (yTrue, yPred) => precisionRecallF1(yTrue, yPred).macro.recall,
  f1: (yTrue, yPred) => precisionRecallF1(yTrue, yPred).macro.f1,
  mse: meanSquaredError,
  mae: meanAbsoluteError,
  rmse: rootMeanSquaredError,
  r2: r2Score,
};

export const METRIC_NAMES: readonly string[] = Object.keys(metrics);

/**
 * A metric by its short name, as `fit(..., { metrics: ['accuracy'] })` takes it. precision, recall
 * and f1 are macro averages.
 */
export function metricFromName(name: string): Metric {
  const compute = metrics[name];
  if (compute === undefined) throw new ValueError(`metricFromName: unknown metric ${JSON.stringify(name)} (known: ${METRIC_NAMES.join(', ')})`);
  return { name, compute };
}
