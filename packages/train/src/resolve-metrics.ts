import type { Metric } from '@nnts/metrics';
import { metricFromName } from '@nnts/metrics';

/** Metric objects from names ('accuracy', 'mse', ...) or Metric objects. */
export function resolveMetrics(metrics: readonly (string | Metric)[]): Metric[] {
  return metrics.map((m) => (typeof m === 'string' ? metricFromName(m) : m));
}
