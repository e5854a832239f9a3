import type { ChartSpec } from './chart-spec';
import { assertKnownOptions, assertMatrix, assertNames } from './options';
import { ReportError } from './report-error';

export interface ConfusionMatrixChartOptions {
  /** The class names, one per row; '0', '1', ... by default. */
  readonly names?: readonly string[];
}

/**
 * A confusion matrix (rows: true class, columns: predicted class) as a heat map with the counts
 * written in, in white where the cell is dark.
 *
 * @example
 * confusionMatrixChart([[5, 1], [0, 6]], { names: ['cat', 'dog'] })
 */
export function confusionMatrixChart(counts: readonly (readonly number[])[], options: ConfusionMatrixChartOptions = {}): ChartSpec {
  assertKnownOptions('confusionMatrixChart', options, ['names']);
  const [rows, columns] = assertMatrix('confusionMatrixChart', 'counts', counts);
  if (rows !== columns) throw new ReportError(`confusionMatrixChart: counts must be square (one row and one column per class), got ${rows} rows of ${columns}`);
  const names = options.names ?? Array.from({ length: rows }, (_, i) => String(i));
  assertNames('confusionMatrixChart', 'names', names, rows, ['class', 'classes']);
  const cells = counts.flatMap((row, i) => Array.from(row, (count, j) => ({ truth: names[i], predicted: names[j], count })));
  const half = Math.max(1, ...counts.flatMap((row) => Array.from(row))) / 2;
  return {
    width: 360, height: 360, data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: [...names], title: 'predicted' },
      y: { field: 'truth', type: 'ordinal', sort: [...names], title: 'true' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'count', type: 'quantitative' }, color: { condition: { test: `datum.count > ${half}`, value: 'white' }, value: 'black' } } },
    ],
  };
}
