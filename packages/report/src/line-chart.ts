import type { ChartSpec } from './chart-spec';
import { assertInteger, assertKnownOptions, assertText, describeValue } from './options';
import { ReportError } from './report-error';

/** One point of a line: its series names the line it belongs to. */
export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly series: string;
}

export interface AxisTitles {
  /** The title of the x axis. */
  readonly x: string;
  /** The title of the y axis. */
  readonly y: string;
  /** In pixels; 480 by default. */
  readonly width?: number;
  /** In pixels; 280 by default. */
  readonly height?: number;
}

/** Throws unless `points` is a non-empty array of { x, y, <label> } with finite coordinates. */
export function assertPoints(owner: string, points: unknown, label: 'series' | 'label'): void {
  if (!Array.isArray(points) || points.length === 0) throw new ReportError(`${owner}: points must be a non-empty array of { x, y, ${label} }, got ${describeValue(points)}`);
  points.forEach((point: Record<string, unknown> | null, i) => {
    if (typeof point !== 'object' || point === null || !Number.isFinite(point.x) || !Number.isFinite(point.y) || typeof point[label] !== 'string') {
      throw new ReportError(`${owner}: point ${i} must be { x: number, y: number, ${label}: string } with finite x and y, got ${JSON.stringify(point)}`);
    }
  });
}

/** Checks the axis titles and sizes and returns [width, height]. */
export function assertAxes(owner: string, axes: AxisTitles, size: [number, number]): [number, number] {
  assertKnownOptions(owner, axes, ['x', 'y', 'width', 'height']);
  assertText(owner, 'x (the x axis title)', axes.x);
  assertText(owner, 'y (the y axis title)', axes.y);
  const [width, height] = [axes.width ?? size[0], axes.height ?? size[1]];
  assertInteger(owner, 'width', width, 1);
  assertInteger(owner, 'height', height, 1);
  return [width, height];
}

/**
 * Lines of several series over x, one colour each.
 *
 * @example
 * lineChart([{ x: 1, y: 0.9, series: 'SGD' }, { x: 2, y: 0.5, series: 'SGD' }], { x: 'epoch', y: 'loss' })
 */
export function lineChart(points: readonly LinePoint[], axes: AxisTitles): ChartSpec {
  assertPoints('lineChart', points, 'series');
  const [width, height] = assertAxes('lineChart', axes, [480, 280]);
  return {
    width, height, data: { values: points }, mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axes.x },
      y: { field: 'y', type: 'quantitative', title: axes.y, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}
