import type { ChartSpec } from './chart-spec';
import type { AxisTitles } from './line-chart';
import { assertAxes, assertPoints } from './line-chart';

/** One point of a scatter chart or of the data over decision regions, coloured by its label (a class). */
export interface LabelledPoint {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

/**
 * Points coloured by label.
 *
 * @example
 * scatterChart([{ x: 0.1, y: 0.2, label: 'inside' }, { x: 1.2, y: 0.9, label: 'outside' }], { x: 'x1', y: 'x2' })
 */
export function scatterChart(points: readonly LabelledPoint[], axes: AxisTitles): ChartSpec {
  assertPoints('scatterChart', points, 'label');
  const [width, height] = assertAxes('scatterChart', axes, [420, 420]);
  return {
    width, height, data: { values: points }, mark: { type: 'circle', size: 18, opacity: 0.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axes.x, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: axes.y, scale: { zero: false } },
      color: { field: 'label', type: 'nominal', title: 'class' },
    },
  };
}
