import type { Tensor } from '@nnts/tensor';

/**
 * A measure of predictions against targets that a training loop can call every epoch.
 *
 * @example
 * const metric = metricFromName('accuracy');
 * metric.compute(yTrue, model.predict(x)); // 0.97
 */
export interface Metric {
  readonly name: string;
  compute(yTrue: Tensor, yPred: Tensor): number;
}
