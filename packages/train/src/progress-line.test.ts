import { describe, expect, it } from 'vitest';
import { DROP_ORDER, formatDuration, progressLine } from './progress-line';

const parts = {
  label: 'Epoch  3/30', fraction: 0.3, counts: '12/40', loss: 'loss 0.1234', rate: '12.3 batch/s', epochEta: 'ETA 5s', runEta: 'run ETA 2m05s',
};

describe('progressLine', () => {
  it('shows every field and a 24-cell bar on a wide terminal', () => {
    expect(progressLine(parts, 120)).toBe('Epoch  3/30 [======>.................] 12/40 loss 0.1234  12.3 batch/s  ETA 5s  run ETA 2m05s');
  });

  it('never fills the last column, at any width, and drops fields in DROP_ORDER as the terminal narrows', () => {
    const present = (line: string): string[] => [
      line.includes('batch/s') && 'rate', line.includes('[') && 'bar', line.includes('12/40') && 'counts',
      / ETA 5s/.test(line) && 'epochEta', line.includes('run ETA') && 'runEta', line.includes('loss') && 'loss',
    ].filter((field): field is string => field !== false);
    let previous = [...DROP_ORDER] as string[];
    for (let columns = 130; columns >= 2; columns--) {
      const line = progressLine(parts, columns);
      expect(line.length, `${columns} columns: ${line}`).toBeLessThanOrEqual(columns - 1);
      const fields = present(line);
      // What is shown is always what is left of DROP_ORDER once its first few are gone.
      expect(fields.sort(), `${columns} columns`).toEqual(DROP_ORDER.slice(DROP_ORDER.length - fields.length).slice().sort());
      expect(fields.length).toBeLessThanOrEqual(previous.length);
      previous = fields;
    }
    expect(progressLine(parts, 80)).toMatch(/^Epoch {2}3\/30 \[[=>.]{10,24}\] 12\/40 loss 0\.1234 {2}12\.3 batch\/s {2}ETA 5s {2}run ETA 2m05s$/);
    expect(progressLine(parts, 40)).toBe('Epoch  3/30 loss 0.1234  run ETA 2m05s');
    expect(progressLine(parts, 8)).toBe('Epoch  ');
  });

  it('shrinks the bar before it drops a field, down to 10 cells', () => {
    const widths = [120, 90, 80].map((columns) => /\[([=>.]*)\]/.exec(progressLine(parts, columns))?.[1]?.length);
    expect(widths).toEqual([24, 20, 10]);
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect([0, 7.4, 59.6, 125, 3599, 3720, 90_000].map(formatDuration)).toEqual(['0s', '7s', '1m00s', '2m05s', '59m59s', '1h02m', '25h00m']);
  });
});
