import type { ChartSpec } from './chart-spec';
import { assertInteger, assertKnownOptions, assertText, describeValue } from './options';
import { ReportError } from './report-error';

/** One value of a sample; the series names the sample it belongs to. */
export interface SeriesValue {
  readonly value: number;
  readonly series: string;
}

export interface HistogramChartOptions {
  /** The title of the value axis. */
  readonly title: string;
  /** The most bins vega-lite may choose; 30 by default. */
  readonly bins?: number;
}

/**
 * Overlaid histograms of several samples (one colour each), binned by vega-lite.
 *
 * @example
 * histogramChart([{ value: 0.1, series: 'normal' }, { value: -0.3, series: 'uniform' }], { title: 'weight' })
 */
export function histogramChart(values: readonly SeriesValue[], options: HistogramChartOptions): ChartSpec {
  assertKnownOptions('histogramChart', options, ['title', 'bins']);
  assertText('histogramChart', 'title', options.title);
  const bins = options.bins ?? 30;
  assertInteger('histogramChart', 'bins', bins, 1);
  if (!Array.isArray(values) || values.length === 0) throw new ReportError(`histogramChart: values must be a non-empty array of { value, series }, got ${describeValue(values)}`);
  values.forEach((v: SeriesValue | null, i) => {
    if (typeof v !== 'object' || v === null || !Number.isFinite(v.value) || typeof v.series !== 'string') {
      throw new ReportError(`histogramChart: values[${i}] must be { value: finite number, series: string }, got ${JSON.stringify(v)}`);
    }
  });
  return {
    width: 480, height: 280, data: { values }, mark: { type: 'bar', opacity: 0.55 },
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: bins }, title: options.title },
      y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'count' },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}
