import type { ChartSpec } from './chart-spec';
import { assertInteger, assertKnownOptions, describeValue } from './options';
import { ReportError } from './report-error';

/**
 * What the chart reads of a model: its parameters by name, as @nnts/train's Sequential gives them
 * (`namedParameters()`: `{ key: 'dense.weights', parameter: { value: tensor } }`). Structural, so this
 * package needs no training package to draw one.
 */
export interface ParameterSource {
  namedParameters(): readonly { readonly key: string; readonly parameter: { readonly value: { readonly data: ArrayLike<number>; readonly shape: readonly number[] } } }[];
}

export interface WeightHistogramOptions {
  /** Bins per parameter; 30 by default. */
  readonly bins?: number;
  /** Panels per row; 3 by default. */
  readonly columns?: number;
  /** The parameter keys to draw ('dense.weights', ...); all by default. */
  readonly parameters?: readonly string[];
}

const KNOWN = ['bins', 'columns', 'parameters'];

/** Equal-width bins over [min, max] of the values: counted here, so a million weights are 30 rows of data, not a million. */
function binValues(key: string, values: ArrayLike<number>, bins: number): { parameter: string; start: number; end: number; count: number }[] {
  let [low, high] = [Infinity, -Infinity];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new ReportError(`weightHistogramChart: ${key} holds ${v} at index ${i}; every weight must be a finite number`);
    if (v < low) low = v;
    if (v > high) high = v;
  }
  // A parameter whose values are all equal (a fresh bias of zeros) is one bar around its value.
  if (low === high) [low, high, bins] = [low - 0.5, high + 0.5, 1];
  const width = (high - low) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor((values[i]! - low) / width))]!++;
  return counts.map((count, b) => ({ parameter: key, start: low + b * width, end: b === bins - 1 ? high : low + (b + 1) * width, count }));
}

/**
 * The values of each parameter tensor of a model as a histogram, one panel per parameter
 * ('dense.weights', 'dense.bias', ...) with its own scales: how initialisation and training spread
 * the weights.
 *
 * @example
 * weightHistogramChart(model, { bins: 20 })
 */
export function weightHistogramChart(model: ParameterSource, options: WeightHistogramOptions = {}): ChartSpec {
  assertKnownOptions('weightHistogramChart', options, KNOWN);
  if (typeof (model as Partial<ParameterSource> | null)?.namedParameters !== 'function') {
    throw new ReportError(`weightHistogramChart: model must have namedParameters() (a Sequential), got ${describeValue(model)}`);
  }
  const bins = options.bins ?? 30;
  assertInteger('weightHistogramChart', 'bins', bins, 1);
  const columns = options.columns ?? 3;
  assertInteger('weightHistogramChart', 'columns', columns, 1);
  const all = model.namedParameters();
  const keys = all.map((p) => p.key);
  if (keys.length === 0) throw new ReportError('weightHistogramChart: the model has no parameters (is it built? a Sequential builds from its inputShape or on its first batch)');
  const wanted = options.parameters ?? keys;
  if (!Array.isArray(wanted) || wanted.length === 0) throw new ReportError('weightHistogramChart: parameters must name at least one parameter');
  for (const key of wanted) if (!keys.includes(key)) throw new ReportError(`weightHistogramChart: the model has no parameter ${JSON.stringify(key)} (it has: ${keys.join(', ')})`);
  const rows = all.filter((p) => wanted.includes(p.key)).flatMap((p) => binValues(p.key, p.parameter.value.data, bins));
  return {
    data: { values: rows },
    facet: { field: 'parameter', type: 'nominal', title: null, sort: [...wanted] },
    columns,
    spec: {
      width: 220, height: 140, mark: { type: 'bar', binSpacing: 0 },
      encoding: {
        x: { field: 'start', type: 'quantitative', bin: 'binned', title: 'value' }, x2: { field: 'end' },
        y: { field: 'count', type: 'quantitative', title: 'count' },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}
