import { describe, expect, it } from 'vitest';
import { histogramChart } from './histogram-chart';

describe('histogramChart', () => {
  it('bins each series with at most the bins asked for, overlaid and unstacked', () => {
    const spec = histogramChart([{ value: 1, series: 'a' }, { value: 2, series: 'b' }], { title: 'weight', bins: 12 });
    expect(spec.encoding).toMatchObject({ x: { bin: { maxbins: 12 }, title: 'weight' }, y: { aggregate: 'count', stack: null } });
  });

  it('refuses values that are not numbers, no values, a missing title and unknown options', () => {
    expect(() => histogramChart([{ value: Number.NaN, series: 'a' }], { title: 't' })).toThrow('histogramChart: values[0] must be { value: finite number, series: string }, got {"value":null,"series":"a"}');
    expect(() => histogramChart([], { title: 't' })).toThrow('histogramChart: values must be a non-empty array of { value, series }, got an array of 0');
    expect(() => histogramChart([{ value: 1, series: 'a' }], {} as never)).toThrow('histogramChart: title must be a non-empty string, got undefined');
    expect(() => histogramChart([{ value: 1, series: 'a' }], { title: 't', maxbins: 3 } as never)).toThrow("histogramChart: unknown option 'maxbins' (known: title, bins)");
  });
});
