import { describe, expect, it } from 'vitest';
import { heatmapChart } from './heatmap-chart';

describe('heatmapChart', () => {
  it('writes each value with two decimals on a colour scale symmetric around zero', () => {
    const spec = heatmapChart([[1, -0.734], [-0.734, 1]], { names: ['LSTAT', 'MEDV'] });
    expect((spec.data as { values: unknown[] }).values[1]).toEqual({ a: 'LSTAT', b: 'MEDV', value: -0.73 });
    expect(JSON.stringify(spec.layer)).toContain('"domain":[-1,1]');
    expect(JSON.stringify(heatmapChart([[2]], { names: ['a'], domain: [0, 4] }).layer)).toContain('"domain":[0,4]');
  });

  it('refuses a matrix that is not square, names that do not match, a bad domain and unknown options', () => {
    expect(() => heatmapChart([[1, 2]], { names: ['a'] })).toThrow('heatmapChart: the matrix must be square (its rows and columns share the names), got 1 rows of 2');
    expect(() => heatmapChart([[1, 2], [3, 4]], { names: ['a', 'b', 'c'] })).toThrow('heatmapChart: names has 3 names for 2 rows; give one name per row');
    expect(() => heatmapChart([[1]], { names: ['a'], domain: [1, 1] })).toThrow('heatmapChart: domain must be [low, high] with low < high, got an array of 2');
    expect(() => heatmapChart([[1]], { names: ['a'], scheme: 'x' } as never)).toThrow("heatmapChart: unknown option 'scheme' (known: names, domain)");
  });
});
