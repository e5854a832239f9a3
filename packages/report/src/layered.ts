import type { ChartSpec } from './chart-spec';
import { describeValue } from './options';
import { ReportError } from './report-error';

/**
 * Several charts drawn on one set of axes (points with a fitted line); the first chart's size is the
 * layer's, moved to the top, where vega-lite wants it.
 *
 * @example
 * layered(scatterChart(points, { x: 'x', y: 'y' }), lineChart(fit, { x: 'x', y: 'y' }))
 */
export function layered(...specs: ChartSpec[]): ChartSpec {
  if (specs.length === 0) throw new ReportError('layered: give at least one chart');
  specs.forEach((spec, i) => {
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new ReportError(`layered: chart ${i} must be a spec object, got ${describeValue(spec)}`);
  });
  const layer = specs.map(({ width: _width, height: _height, ...rest }) => rest);
  return { width: specs[0]!.width ?? 420, height: specs[0]!.height ?? 300, layer };
}
