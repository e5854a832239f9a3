import { describe, expect, it } from 'vitest';
import { ProgressReporter } from './progress';

// A terminal of a given width that keeps what was written.
function terminal(columns: number): { isTTY: true; columns: number; text: string; write(chunk: string): boolean } {
  return { isTTY: true, columns, text: '', write(chunk) { this.text += chunk; return true; } };
}

/** Each redraw of the bar: the text after a carriage return, without the erase-line escape. */
const redraws = (text: string): string[] => text.split('\r').slice(1).filter((part) => !part.endsWith('\n')).map((part) => part.replace('\x1b[K', ''));

describe('the progress bar on a terminal', () => {
  it.each([120, 80, 60, 40])('fits a %i-column terminal, so no redraw wraps and leaves a line behind', (columns) => {
    const output = terminal(columns);
    const progress = new ProgressReporter('auto', 30, 4, 'native', output);
    progress.epochBegin();
    for (let batch = 0; batch < 4; batch++) progress.batchEnd(0, batch, 0.5);
    const drawn = redraws(output.text);
    expect(drawn.length).toBeGreaterThan(0);
    for (const line of drawn) expect(line.length, line).toBeLessThan(columns);
  });

  it("shows the whole run's ETA beside the epoch's, from the pace of the finished epochs", () => {
    const output = terminal(120);
    const progress = new ProgressReporter('bar', 3, 2, 'js', output);
    progress.epochBegin();
    progress.batchEnd(0, 1, 0.5);
    progress.epochEnd(0, { loss: 0.5 });
    progress.epochBegin();
    progress.batchEnd(1, 1, 0.4);
    expect(redraws(output.text).at(-1)).toMatch(/ETA \d+s {2}run ETA \d+s$/);
  });
});
