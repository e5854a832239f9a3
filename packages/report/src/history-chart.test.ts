import { describe, expect, it } from 'vitest';
import { historyChart } from './history-chart';
import { renderSvg } from './render-svg';

/** The texts of the axis titles in a rendered chart, in order. */
const axisTitles = (svg: string): string[] => [...svg.matchAll(/role-axis-title[^>]*>(?:<[^>]*>)*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('historyChart', () => {
  it('draws loss and accuracy each on its own y axis, titled by the quantity, with validation in the panel of its training value', async () => {
    const spec = historyChart({ loss: [2.1, 1.2, 0.4], accuracy: [0.4, 0.8, 0.95], valLoss: [2.2, 1.5, 0.9], valAccuracy: [0.3, 0.7, 0.9] });
    const panels = spec.vconcat as { encoding: { y: { title: string } }; data: { values: { series: string }[] } }[];
    expect(panels.map((p) => p.encoding.y.title)).toEqual(['loss', 'accuracy']);
    expect(new Set(panels[0]!.data.values.map((v) => v.series))).toEqual(new Set(['training', 'validation']));
    expect(spec.resolve).toEqual({ scale: { y: 'independent' } });
    const titles = axisTitles(await renderSvg(spec));
    expect(titles.filter((t) => t === 'loss')).toHaveLength(1);
    expect(titles.filter((t) => t === 'accuracy')).toHaveLength(1);
    expect(titles).not.toContain('value');
    expect(titles.filter((t) => t === 'epoch')).toHaveLength(2);
  });

  it('draws one panel for one quantity and only the metrics asked for', () => {
    const values = { loss: [1, 0.5], mse: [3, 2] };
    expect((historyChart(values, { metrics: ['loss'] }).encoding as { y: { title: string } }).y.title).toBe('loss');
    expect((historyChart(values).vconcat as unknown[]).length).toBe(2);
    const resumed = historyChart({ loss: [0.3, 0.2] }, { firstEpoch: 11 });
    expect((resumed.data as { values: { epoch: number }[] }).values.map((v) => v.epoch)).toEqual([11, 12]);
  });

  it('refuses an empty history, a name never logged, a value that is not a number and an unknown option', () => {
    expect(() => historyChart({})).toThrow('historyChart: metrics must name at least one logged value');
    expect(() => historyChart({ loss: [] }, { metrics: ['loss'] })).toThrow('historyChart: the history is empty (no epoch was recorded); train for at least one epoch first');
    expect(() => historyChart({ loss: [1] }, { metrics: ['accuracy'] })).toThrow('historyChart: "accuracy" was not logged (logged: loss)');
    expect(() => historyChart({ loss: [1, Number.NaN] })).toThrow('historyChart: values.loss[1] must be a finite number, got NaN');
    expect(() => historyChart({ loss: [1] }, { metric: ['loss'] } as never)).toThrow("historyChart: unknown option 'metric' (known: metrics, firstEpoch, width, height)");
    expect(() => historyChart([] as never)).toThrow(/values must map each logged name/);
  });
});
