import type { ChartSpec } from './chart-spec';
import { assertInteger, assertKnownOptions, assertNumbers, describeValue } from './options';
import { ReportError } from './report-error';

export interface HistoryChartOptions {
  /** The logged names to draw ('loss', 'valLoss', 'accuracy', ...); all of them by default. */
  readonly metrics?: readonly string[];
  /** The number of the first epoch drawn; 1 by default (a run resumed at its epoch 10 starts at 11). */
  readonly firstEpoch?: number;
  /** Of each panel, in pixels; 480 by default. */
  readonly width?: number;
  /** Of each panel, in pixels; 200 by default (280 when there is one panel). */
  readonly height?: number;
}

const KNOWN = ['metrics', 'firstEpoch', 'width', 'height'];

/** 'valAccuracy' -> 'accuracy': a validation value is drawn in the panel of its training value. */
function baseName(name: string): string {
  return /^val[A-Z]/.test(name) ? `${name[3]!.toLowerCase()}${name.slice(4)}` : name;
}

/**
 * Per-epoch curves of a training run (a History's `values`: 'loss', 'valLoss', 'accuracy', ...), one
 * panel per quantity, each with its own y axis titled by the quantity, so a loss near 2 and an accuracy
 * near 1 are each drawn on their own scale; training and validation values share a panel.
 *
 * @example
 * historyChart(model.fit(x, y, options).values)
 */
export function historyChart(values: Readonly<Record<string, readonly number[]>>, options: HistoryChartOptions = {}): ChartSpec {
  assertKnownOptions('historyChart', options, KNOWN);
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new ReportError(`historyChart: values must map each logged name to its values by epoch (a History's values), got ${describeValue(values)}`);
  }
  const logged = Object.keys(values).filter((name) => (values[name]?.length ?? 0) > 0);
  const names = options.metrics ?? logged;
  if (!Array.isArray(names) || names.length === 0) throw new ReportError('historyChart: metrics must name at least one logged value');
  for (const name of names) {
    if (!logged.includes(name)) {
      throw new ReportError(logged.length === 0
        ? 'historyChart: the history is empty (no epoch was recorded); train for at least one epoch first'
        : `historyChart: ${JSON.stringify(name)} was not logged (logged: ${logged.join(', ')})`);
    }
    assertNumbers('historyChart', `values.${name}`, values[name]);
  }
  const firstEpoch = options.firstEpoch ?? 1;
  assertInteger('historyChart', 'firstEpoch', firstEpoch, 0);
  const width = options.width ?? 480;
  assertInteger('historyChart', 'width', width, 1);
  const panels = [...new Set(names.map(baseName))];
  const height = options.height ?? (panels.length === 1 ? 280 : 200);
  assertInteger('historyChart', 'height', height, 1);
  const charts = panels.map((panel) => ({
    width, height,
    data: { values: names.filter((name) => baseName(name) === panel).flatMap((name) => values[name]!.map((value, epoch) => ({ epoch: firstEpoch + epoch, value, series: name === panel ? 'training' : 'validation' }))) },
    mark: { type: 'line', point: true, clip: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: panel, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['training', 'validation'] } },
    },
  }));
  return charts.length === 1 ? charts[0]! : { vconcat: charts, resolve: { scale: { y: 'independent' } } };
}
