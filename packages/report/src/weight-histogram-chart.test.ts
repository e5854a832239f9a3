import { describe, expect, it } from 'vitest';
import { weightHistogramChart } from './weight-histogram-chart';

const model = (values: Record<string, ArrayLike<number>>) => ({
  namedParameters: () => Object.entries(values).map(([key, data]) => ({ key, parameter: { value: { data, shape: [data.length] } } })),
});

type Row = { parameter: string; start: number; end: number; count: number };
const rows = (spec: Record<string, unknown>): Row[] => (spec.data as { values: Row[] }).values;

describe('weightHistogramChart', () => {
  it('counts each parameter\'s values into equal bins over its own range, every value once', () => {
    const weights = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const spec = weightHistogramChart(model({ 'dense.weights': weights, 'dense.bias': [0, 0, 0] }), { bins: 10 });
    const drawn = rows(spec);
    const dense = drawn.filter((r) => r.parameter === 'dense.weights');
    expect(dense).toHaveLength(10);
    expect(dense.reduce((sum, r) => sum + r.count, 0)).toBe(1000);
    expect(dense[0]!.start).toBe(Math.min(...weights));
    expect(dense.at(-1)!.end).toBe(Math.max(...weights));
    // A parameter of equal values is one bar around its value.
    expect(drawn.filter((r) => r.parameter === 'dense.bias')).toEqual([{ parameter: 'dense.bias', start: -0.5, end: 0.5, count: 3 }]);
    expect(spec.resolve).toEqual({ scale: { x: 'independent', y: 'independent' } });
  });

  it('draws only the parameters asked for, and refuses a model without parameters, an unknown name, a non-finite weight and unknown options', () => {
    const m = model({ a: [1, 2], b: [3, 4] });
    expect(new Set(rows(weightHistogramChart(m, { parameters: ['b'] })).map((r) => r.parameter))).toEqual(new Set(['b']));
    expect(() => weightHistogramChart(m, { parameters: ['c'] })).toThrow('weightHistogramChart: the model has no parameter "c" (it has: a, b)');
    expect(() => weightHistogramChart(model({}))).toThrow(/the model has no parameters/);
    expect(() => weightHistogramChart(model({ w: [1, Number.POSITIVE_INFINITY] }))).toThrow('weightHistogramChart: w holds Infinity at index 1; every weight must be a finite number');
    expect(() => weightHistogramChart({} as never)).toThrow('weightHistogramChart: model must have namedParameters() (a Sequential), got an object');
    expect(() => weightHistogramChart(m, { bin: 3 } as never)).toThrow("weightHistogramChart: unknown option 'bin' (known: bins, columns, parameters)");
  });
});
