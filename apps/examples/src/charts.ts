import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';

/** A vega-lite specification; charts are declared, never assembled from SVG strings by hand. */
export type ChartSpec = Record<string, unknown>;

const BASE = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', background: 'white', config: { view: { stroke: null } } };

/** Renders a vega-lite specification to SVG markup with vega's headless renderer. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const compiled = compile({ ...BASE, ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Lines of several series over x, e.g. loss curves. */
export function lineChart(rows: readonly { x: number; y: number; series: string }[], axes: { x: string; y: string; width?: number }): ChartSpec {
  return {
    width: axes.width ?? 480, height: 280, data: { values: rows }, mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axes.x },
      y: { field: 'y', type: 'quantitative', title: axes.y, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

/** Per-epoch curves of a History's values. */
export function historyChart(values: Readonly<Record<string, readonly number[]>>, names: readonly string[], title: string): ChartSpec {
  const rows = names.flatMap((name) => (values[name] ?? []).map((y, x) => ({ x: x + 1, y, series: name })));
  return lineChart(rows, { x: 'epoch', y: title });
}

/** Points coloured by class. */
export function scatterChart(points: readonly { x: number; y: number; label: string }[], axes: { x: string; y: string }): ChartSpec {
  return {
    width: 420, height: 420, data: { values: points }, mark: { type: 'circle', size: 18, opacity: 0.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axes.x, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: axes.y, scale: { zero: false } },
      color: { field: 'label', type: 'nominal', title: 'class' },
    },
  };
}

/**
 * Decision regions: the class predicted over a grid covering the data, as coloured cells, with the
 * data points on top.
 */
export function decisionRegionChart(
  grid: readonly { x: number; y: number; label: string }[], step: [number, number],
  points: readonly { x: number; y: number; label: string }[],
): ChartSpec {
  return {
    width: 420, height: 420,
    layer: [
      {
        data: { values: grid.map((g) => ({ ...g, x2: g.x + step[0], y2: g.y + step[1] })) },
        mark: { type: 'rect', opacity: 0.35 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'x' }, x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', title: 'y' }, y2: { field: 'y2' },
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

/** A confusion matrix as a heat map with the counts written in. */
export function confusionMatrixChart(counts: readonly (readonly number[])[], names: readonly string[]): ChartSpec {
  const cells = counts.flatMap((row, i) => row.map((count, j) => ({ truth: names[i], predicted: names[j], count })));
  const order = [...names];
  const half = Math.max(1, ...counts.flat()) / 2;
  return {
    width: 360, height: 360, data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: order, title: 'predicted' },
      y: { field: 'truth', type: 'ordinal', sort: order, title: 'true' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'count', type: 'quantitative' }, color: { condition: { test: `datum.count > ${half}`, value: 'white' }, value: 'black' } } },
    ],
  };
}

/** Small grey-scale images (rows of pixels, side x side) in a grid, each with a caption, `size` pixels wide each. */
export function imageGridChart(images: readonly (readonly number[])[], side: number, captions: readonly string[], columns = 8, size = Math.max(40, Math.round(360 / columns))): ChartSpec {
  const cells = images.flatMap((pixels, image) => pixels.map((value, p) => ({ image: captions[image], row: Math.floor(p / side), column: p % side, value })));
  return {
    data: { values: cells },
    facet: { field: 'image', type: 'nominal', title: null, header: { labelFontSize: 10 }, sort: [...captions] },
    columns,
    spec: {
      width: size, height: size, mark: 'rect',
      encoding: {
        x: { field: 'column', type: 'ordinal', axis: null }, y: { field: 'row', type: 'ordinal', axis: null },
        color: { field: 'value', type: 'quantitative', scale: { scheme: 'greys' }, legend: null },
      },
    },
    resolve: { scale: { color: 'independent' } },
  };
}

/** Overlaid histograms of several samples. */
export function histogramChart(values: readonly { value: number; series: string }[], title: string, bins = 30): ChartSpec {
  return {
    width: 480, height: 280, data: { values }, mark: { type: 'bar', opacity: 0.55 },
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: bins }, title },
      y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'count' },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

/** A matrix of values between -1 and 1 (correlations) as a heat map with two decimals. */
export function heatmapChart(matrix: readonly (readonly number[])[], names: readonly string[]): ChartSpec {
  const cells = matrix.flatMap((row, i) => row.map((value, j) => ({ a: names[i], b: names[j], value: Number(value.toFixed(2)) })));
  return {
    width: 420, height: 420, data: { values: cells },
    encoding: { x: { field: 'b', type: 'nominal', sort: [...names], title: null }, y: { field: 'a', type: 'nominal', sort: [...names], title: null } },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', scale: { domain: [-1, 1], scheme: 'redblue', reverse: true } } } },
      { mark: { type: 'text', fontSize: 8 }, encoding: { text: { field: 'value', type: 'quantitative' } } },
    ],
  };
}

/** Several charts drawn on one set of axes; sizes move to the top, where vega-lite wants them. */
export function layered(...specs: ChartSpec[]): ChartSpec {
  const layer = specs.map(({ width: _width, height: _height, ...rest }) => rest);
  return { width: specs[0]?.width ?? 420, height: specs[0]?.height ?? 300, layer };
}
