import { describe, expect, it } from 'vitest';
import { layered } from './layered';
import { lineChart } from './line-chart';
import { scatterChart } from './scatter-chart';

describe('lineChart, scatterChart and layered', () => {
  it('put the axis titles given on the axes and the size on top of a layer', () => {
    const line = lineChart([{ x: 1, y: 2, series: 'SGD' }], { x: 'epoch', y: 'loss', width: 300 });
    expect(line.encoding).toMatchObject({ x: { title: 'epoch' }, y: { title: 'loss' } });
    expect([line.width, line.height]).toEqual([300, 280]);
    const both = layered(scatterChart([{ x: 0, y: 1, label: 'data' }], { x: 'x', y: 'y' }), line);
    expect([both.width, both.height, (both.layer as object[]).length]).toEqual([420, 420, 2]);
    expect((both.layer as Record<string, unknown>[]).every((layer) => layer.width === undefined)).toBe(true);
  });

  it('refuse points without coordinates or a series, missing axis titles and unknown options', () => {
    expect(() => lineChart([], { x: 'a', y: 'b' })).toThrow('lineChart: points must be a non-empty array of { x, y, series }, got an array of 0');
    expect(() => lineChart([{ x: 1, y: Number.NaN, series: 's' }], { x: 'a', y: 'b' })).toThrow('lineChart: point 0 must be { x: number, y: number, series: string } with finite x and y, got {"x":1,"y":null,"series":"s"}');
    expect(() => scatterChart([{ x: 1, y: 1, series: 's' } as never], { x: 'a', y: 'b' })).toThrow(/scatterChart: point 0 must be \{ x: number, y: number, label: string \}/);
    expect(() => lineChart([{ x: 1, y: 1, series: 's' }], { x: 'a' } as never)).toThrow('lineChart: y (the y axis title) must be a non-empty string, got undefined');
    expect(() => lineChart([{ x: 1, y: 1, series: 's' }], { x: 'a', y: 'b', colour: 'red' } as never)).toThrow("lineChart: unknown option 'colour' (known: x, y, width, height)");
    expect(() => layered()).toThrow('layered: give at least one chart');
  });
});
