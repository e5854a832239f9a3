import { describe, expect, it } from 'vitest';
import type { ChartSpec } from './chart-spec';
import { confusionMatrixChart } from './confusion-matrix-chart';
import { decisionRegionChart } from './decision-region-chart';
import { heatmapChart } from './heatmap-chart';
import { histogramChart } from './histogram-chart';
import { historyChart } from './history-chart';
import { imageGridChart } from './image-grid-chart';
import { layered } from './layered';
import { lineChart } from './line-chart';
import { chartRenderer, renderSvg } from './render-svg';
import { scatterChart } from './scatter-chart';
import { weightHistogramChart } from './weight-histogram-chart';

const parameters = {
  namedParameters: () => [
    { key: 'dense.weights', parameter: { value: { data: Float32Array.from({ length: 40 }, (_, i) => Math.sin(i)), shape: [8, 5] } } },
    { key: 'dense.bias', parameter: { value: { data: new Float32Array(5), shape: [5] } } },
  ],
};

// One of every chart this package draws.
const CHARTS: Record<string, ChartSpec> = {
  history: historyChart({ loss: [1.2, 0.7, 0.5], valLoss: [1.3, 0.9, 0.8], accuracy: [0.5, 0.8, 0.9], valAccuracy: [0.4, 0.7, 0.8] }),
  line: lineChart([{ x: 1, y: 2, series: 'a' }, { x: 2, y: 1, series: 'a' }, { x: 1, y: 1, series: 'b' }], { x: 'epoch', y: 'loss' }),
  scatter: scatterChart([{ x: 0, y: 1, label: 'a' }, { x: 1, y: 0, label: 'b' }], { x: 'x1', y: 'x2' }),
  decisionRegions: decisionRegionChart({ grid: [{ x: 0, y: 0, label: 'a' }, { x: 1, y: 0, label: 'b' }], step: [1, 1], points: [{ x: 0.5, y: 0.5, label: 'a' }] }),
  confusionMatrix: confusionMatrixChart([[5, 1], [2, 7]], { names: ['cat', 'dog'] }),
  imageGrid: imageGridChart([[0, 1, 2, 3], [3, 2, 1, 0]], { height: 2, captions: ['first', 'second'] }),
  histogram: histogramChart([{ value: 1, series: 'a' }, { value: 2, series: 'a' }, { value: 1.5, series: 'b' }], { title: 'weight' }),
  weightHistograms: weightHistogramChart(parameters),
  heatmap: heatmapChart([[1, -0.5], [-0.5, 1]], { names: ['u', 'v'] }),
  layered: layered(scatterChart([{ x: 0, y: 1, label: 'data' }], { x: 'x', y: 'y' }), lineChart([{ x: 0, y: 0, series: 'fit' }, { x: 1, y: 1, series: 'fit' }], { x: 'x', y: 'y' })),
};

describe('renderSvg and chartRenderer', () => {
  it.each(Object.keys(CHARTS))('%s compiles with vega-lite and draws the same SVG synchronously as vega headless does asynchronously', async (name) => {
    const svg = await renderSvg(CHARTS[name]!);
    expect(svg).toMatch(/^<svg [\s\S]*<\/svg>$/);
    expect(svg).toContain('class="marks"');
    // Clip paths and gradients are numbered by a counter of the process (so the SVGs of one page never share an id).
    const numbered = (markup: string): string => markup.replace(/clip\d+/g, 'clip#').replace(/gradient_\d+/g, 'gradient#');
    expect(numbered((await chartRenderer()).svg(CHARTS[name]!))).toBe(numbered(svg));
  });

  it('refuses data from a URL synchronously, and a spec vega-lite cannot compile, saying why', async () => {
    const renderer = await chartRenderer();
    expect(() => renderer.svg({ layer: [{ data: { url: 'cars.json' }, mark: 'point' }] })).toThrow("ChartRenderer.svg: spec.layer[0].data loads \"cars.json\", which cannot be drawn synchronously; give the values inline or use await renderSvg(spec)");
    await expect(renderSvg({ mark: 'no-such-mark', data: { values: [] } })).rejects.toThrow(/^renderSvg: vega-lite cannot compile the spec: /);
    await expect(renderSvg([] as unknown as ChartSpec)).rejects.toThrow('renderSvg: the spec must be a vega-lite specification object, got an array of 0');
  });
});
