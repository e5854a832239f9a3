import { describe, expect, it } from 'vitest';
import { decisionRegionChart } from './decision-region-chart';

const grid = [{ x: 0, y: 0, label: 'a' }, { x: 0.5, y: 0, label: 'b' }];
const points = [{ x: 0.2, y: 0.1, label: 'a' }];

describe('decisionRegionChart', () => {
  it('draws each grid cell as a rectangle one step wide and high, under the data', () => {
    const layers = decisionRegionChart({ grid, step: [0.5, 0.25], points, x: 'petal length' }).layer as { data: { values: Record<string, number>[] }; encoding: { x: { title?: string } } }[];
    expect(layers[0]!.data.values[1]).toEqual({ x: 0.5, y: 0, label: 'b', x2: 1, y2: 0.25 });
    expect(layers[0]!.encoding.x.title).toBe('petal length');
    expect(layers[1]!.data.values).toEqual(points);
  });

  it('refuses a step that is not two positive numbers, an empty grid and unknown options', () => {
    expect(() => decisionRegionChart({ grid, step: [0.5] as never, points })).toThrow('decisionRegionChart: step must be [width, height] of a grid cell, two numbers > 0, got an array of 1');
    expect(() => decisionRegionChart({ grid: [], step: [1, 1], points })).toThrow('decisionRegionChart: points must be a non-empty array of { x, y, label }, got an array of 0');
    expect(() => decisionRegionChart({ grid, step: [1, 1], points, steps: 3 } as never)).toThrow("decisionRegionChart: unknown option 'steps' (known: grid, step, points, x, y)");
  });
});
