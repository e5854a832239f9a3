import type { ChartSpec } from './chart-spec';
import { assertKnownOptions, assertMatrix, assertNames, describeValue } from './options';
import { ReportError } from './report-error';

export interface HeatmapChartOptions {
  /** One name per row and column (the matrix is square). */
  readonly names: readonly string[];
  /** The values at the two ends of the colour scale; [-m, m] with m the largest magnitude by default. */
  readonly domain?: readonly [number, number];
}

/**
 * A square matrix (correlations, say) as a heat map on a diverging red-blue scale, each value written
 * in with two decimals.
 *
 * @example
 * heatmapChart([[1, -0.7], [-0.7, 1]], { names: ['LSTAT', 'MEDV'] })
 */
export function heatmapChart(matrix: readonly (readonly number[])[], options: HeatmapChartOptions): ChartSpec {
  assertKnownOptions('heatmapChart', options, ['names', 'domain']);
  const [rows, columns] = assertMatrix('heatmapChart', 'matrix', matrix);
  if (rows !== columns) throw new ReportError(`heatmapChart: the matrix must be square (its rows and columns share the names), got ${rows} rows of ${columns}`);
  assertNames('heatmapChart', 'names', options.names, rows, ['row', 'rows']);
  const largest = Math.max(...matrix.flatMap((row) => Array.from(row, Math.abs)));
  const domain = options.domain ?? [-largest || -1, largest || 1];
  if (!Array.isArray(domain) || domain.length !== 2 || !(domain[0] < domain[1])) throw new ReportError(`heatmapChart: domain must be [low, high] with low < high, got ${describeValue(domain)}`);
  const { names } = options;
  const cells = matrix.flatMap((row, i) => Array.from(row, (value, j) => ({ a: names[i], b: names[j], value: Number(value.toFixed(2)) })));
  return {
    width: 420, height: 420, data: { values: cells },
    encoding: { x: { field: 'b', type: 'nominal', sort: [...names], title: null }, y: { field: 'a', type: 'nominal', sort: [...names], title: null } },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', scale: { domain: [...domain], scheme: 'redblue', reverse: true } } } },
      { mark: { type: 'text', fontSize: 8 }, encoding: { text: { field: 'value', type: 'quantitative' } } },
    ],
  };
}
