import { describe, expect, it } from 'vitest';
import { confusionMatrixChart } from './confusion-matrix-chart';
import { renderSvg } from './render-svg';

describe('confusionMatrixChart', () => {
  it('draws a cell per pair of classes with the count written in, rows the truth and columns the prediction', async () => {
    const spec = confusionMatrixChart([[5, 1], [2, 7]], { names: ['cat', 'dog'] });
    expect((spec.data as { values: unknown[] }).values).toEqual([
      { truth: 'cat', predicted: 'cat', count: 5 }, { truth: 'cat', predicted: 'dog', count: 1 },
      { truth: 'dog', predicted: 'cat', count: 2 }, { truth: 'dog', predicted: 'dog', count: 7 },
    ]);
    const svg = await renderSvg(spec);
    for (const text of ['>predicted<', '>true<', '>cat<', '>dog<', '>7<']) expect(svg).toContain(text);
  });

  it('refuses a ragged or non-square matrix, names that do not match the classes, and unknown options', () => {
    expect(() => confusionMatrixChart([[1, 2], [3]])).toThrow('confusionMatrixChart: counts is ragged: row 0 has 2 values, row 1 has 1');
    expect(() => confusionMatrixChart([[1, 2, 3], [3, 4, 5]])).toThrow('confusionMatrixChart: counts must be square (one row and one column per class), got 2 rows of 3');
    expect(() => confusionMatrixChart([[1, 2], [3, 4]], { names: ['a'] })).toThrow('confusionMatrixChart: names has 1 names for 2 classes; give one name per class');
    expect(() => confusionMatrixChart([[1, 2], [3, 4]], { names: ['a', 'a'] })).toThrow('confusionMatrixChart: names names "a" twice; each must be distinct');
    expect(() => confusionMatrixChart([])).toThrow('confusionMatrixChart: counts must be a non-empty array of rows, got an array of 0');
    expect(() => confusionMatrixChart([[1]], { labels: ['a'] } as never)).toThrow("confusionMatrixChart: unknown option 'labels' (known: names)");
  });
});
