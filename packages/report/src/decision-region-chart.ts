import type { ChartSpec } from './chart-spec';
import { assertPoints } from './line-chart';
import { assertKnownOptions, assertText, describeValue } from './options';
import { ReportError } from './report-error';
import type { LabelledPoint } from './scatter-chart';

export interface DecisionRegionOptions {
  /** Cells of a grid over the data: each cell's lower-left corner and the class a model predicts there. */
  readonly grid: readonly LabelledPoint[];
  /** The width and height of a grid cell. */
  readonly step: readonly [number, number];
  /** The data, drawn over the regions. */
  readonly points: readonly LabelledPoint[];
  /** Axis titles; 'x' and 'y' by default. */
  readonly x?: string;
  readonly y?: string;
}

const KNOWN = ['grid', 'step', 'points', 'x', 'y'];

/**
 * Decision regions: the class a model predicts over a grid covering the data, as coloured cells, with
 * the data points on top.
 *
 * @example
 * decisionRegionChart({ grid: [{ x: 0, y: 0, label: 'a' }, { x: 1, y: 0, label: 'b' }], step: [1, 1], points: [{ x: 0.5, y: 0.5, label: 'a' }] })
 */
export function decisionRegionChart(options: DecisionRegionOptions): ChartSpec {
  assertKnownOptions('decisionRegionChart', options, KNOWN);
  const { grid, step, points, x = 'x', y = 'y' } = options;
  assertPoints('decisionRegionChart', grid, 'label');
  assertPoints('decisionRegionChart', points, 'label');
  if (!Array.isArray(step) || step.length !== 2 || !step.every((s) => typeof s === 'number' && s > 0 && Number.isFinite(s))) {
    throw new ReportError(`decisionRegionChart: step must be [width, height] of a grid cell, two numbers > 0, got ${describeValue(step)}`);
  }
  assertText('decisionRegionChart', 'x', x);
  assertText('decisionRegionChart', 'y', y);
  return {
    width: 420, height: 420,
    layer: [
      {
        data: { values: grid.map((cell) => ({ ...cell, x2: cell.x + step[0], y2: cell.y + step[1] })) },
        mark: { type: 'rect', opacity: 0.35 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: x }, x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', title: y }, y2: { field: 'y2' },
          color: { field: 'label', type: 'nominal', title: 'class' },
        },
      },
      {
        data: { values: points }, mark: { type: 'circle', size: 16, stroke: 'black', strokeWidth: 0.3, opacity: 0.9 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}
