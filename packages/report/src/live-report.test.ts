import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { RandomGenerator, tensor } from '@nnts/tensor';
import type { Callback } from '@nnts/train';
import { Adam, EarlyStopping, Sequential } from '@nnts/train';
import { describe, expect, it, vi } from 'vitest';
import { liveReport } from './live-report';
import { chartRenderer } from './render-svg';
import { weightHistogramChart } from './weight-histogram-chart';

// XOR with a little noise: a real, small fit.
const random = new RandomGenerator(3);
const rows = Array.from({ length: 64 }, (_, i) => [(i & 1) + 0.1 * random.nextNormal(), ((i >> 1) & 1) + 0.1 * random.nextNormal()]);
const x = tensor(rows);
const y = tensor(Array.from({ length: 64 }, (_, i) => (i & 1) ^ ((i >> 1) & 1)));
const model = (): Sequential => new Sequential([dense({ units: 8, activation: 'tanh' }), dense({ units: 2, activation: 'softmax' })], { inputShape: [2], loss: new CrossEntropy(), seed: 1 });
const fitOptions = { optimizer: new Adam({ learningRate: 0.05 }), batchSize: 16, verbose: 'silent' as const, metrics: ['accuracy'], validationSplit: 0.25 };
const folder = (): string => mkdtempSync(join(tmpdir(), 'nnts-live-'));
const REFRESH = '<meta http-equiv="refresh" content="2">';

/** A callback after the report that reads the page as a browser would at the end of every epoch. */
function pageReader(file: string): Callback & { pages: string[] } {
  const pages: string[] = [];
  return { pages, onEpochEnd: () => void pages.push(readFileSync(file, 'utf8')) };
}

describe('liveReport', () => {
  it('rewrites the page after every epoch of a real fit, reloading while training runs and not once it ends', async () => {
    const file = join(folder(), 'new', 'index.html');
    const report = await liveReport({ file, title: 'xor', description: 'two inputs, one hidden layer' });
    const reader = pageReader(file);
    const history = model().fit(x, y, { ...fitOptions, epochs: 4, callbacks: [report, reader] });
    expect(reader.pages).toHaveLength(4);
    reader.pages.forEach((page, epoch) => {
      expect(page).toContain(REFRESH);
      expect(page).toContain(`training: epoch ${epoch + 1} of 4`);
      // Loss and accuracy each on an axis of their own.
      expect(page).toMatch(/role-axis-title[\s\S]*>loss<\/text>[\s\S]*role-axis-title[\s\S]*>accuracy<\/text>/);
      expect(page).toMatch(/>dense[\w-]*\.weights</);
    });
    const final = readFileSync(file, 'utf8');
    expect(final).not.toContain('http-equiv="refresh"');
    expect(final).toContain('training finished: 4 of 4 epochs');
    expect(report.history).toEqual(history.values);
    expect(report.sections.map((s) => s.title)).toEqual(['training curves', 'weights by parameter']);
    expect(readdirSync(join(file, '..'))).toEqual(['index.html']);
  });

  it('writes every few epochs when asked, and the last epoch always', async () => {
    const file = join(folder(), 'index.html');
    const report = await liveReport({ file, title: 'xor', every: 2, weights: false, metrics: ['loss', 'valLoss'] });
    const reader = pageReader(file);
    model().fit(x, y, { ...fitOptions, epochs: 5, callbacks: [report, reader] });
    expect(reader.pages.map((page) => /training: (.*)<\/p>/.exec(page)?.[1] ?? /training[^<]*/.exec(page)?.[0])).toEqual([
      'started, 5 epochs asked for', 'epoch 2 of 5', 'epoch 2 of 5', 'epoch 4 of 5', 'epoch 4 of 5',
    ]);
    const final = readFileSync(file, 'utf8');
    expect(final).toContain('training finished: 5 of 5 epochs');
    expect(final).not.toContain('>accuracy<');
    expect(final).not.toContain('weights by parameter');
  });

  it('numbers the epochs of a resumed run from where it began', async () => {
    const file = join(folder(), 'index.html');
    const report = await liveReport({ file, title: 'xor', weights: false });
    model().fit(x, y, { ...fitOptions, initialEpoch: 2, epochs: 4, callbacks: [report] });
    const final = readFileSync(file, 'utf8');
    expect(final).toContain('training finished: 4 of 4 epochs');
    expect(final).toMatch(/aria-label="epoch: 3; loss: /);
    expect(final).not.toMatch(/aria-label="epoch: 1; loss: /);
  });

  it('drops the reload when training stops early, and draws the weights the model keeps', async () => {
    const file = join(folder(), 'index.html');
    const report = await liveReport({ file, title: 'xor' });
    const stopping = new EarlyStopping({ monitor: 'loss', patience: 0, minDelta: 10, restoreBestWeights: true });
    const trained = model();
    trained.fit(x, y, { ...fitOptions, epochs: 10, callbacks: [report, stopping] });
    const final = readFileSync(file, 'utf8');
    expect(stopping.stoppedEpoch).toBe(1);
    expect(final).toContain('training stopped early after epoch 2 of 10');
    expect(final).not.toContain('http-equiv="refresh"');
    // The histogram of the restored (first epoch's) weights: drawn after EarlyStopping put them back,
    // though the report comes first among the callbacks.
    const numbered = (markup: string): string => markup.replace(/clip\d+/g, 'clip#');
    const kept = (await chartRenderer()).svg(weightHistogramChart(trained));
    expect(report.sections[1]!.title).toBe('weights by parameter');
    expect(numbered((report.sections[1] as { svg: string }).svg)).toBe(numbered(kept));
  });

  it('writes a last page without the reload when training fails, naming the error, and rethrows it unchanged', async () => {
    const file = join(folder(), 'index.html');
    const report = await liveReport({ file, title: 'xor' });
    const failing: Callback = {
      onEpochEnd: (epoch) => {
        if (epoch === 1) throw new Error('the disk is full');
      },
    };
    expect(() => model().fit(x, y, { ...fitOptions, epochs: 5, callbacks: [report, failing] })).toThrow('the disk is full');
    const final = readFileSync(file, 'utf8');
    expect(final).toContain('training failed after epoch 2 of 5: the disk is full');
    expect(final).not.toContain('http-equiv="refresh"');
  });

  it('turns a failure to write the last page into a warning, so the training error reaches the caller', async () => {
    const root = folder();
    const report = await liveReport({ file: join(root, 'index.html'), title: 'xor' });
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const context = { model: { namedParameters: () => { throw new Error('no weights'); } }, epochs: 3, stopped: false };
      expect(() => report.onTrainError(new Error('boom'), context)).not.toThrow();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`liveReport: could not write the final page ${join(root, 'index.html')}: no weights`), { code: 'NNTS_REPORT_WRITE' });
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses unknown options, a folder as the file and bad values before training', async () => {
    const root = folder();
    await expect(liveReport({ file: join(root, 'a.html'), title: 't', refresh: 2 } as never)).rejects.toThrow("liveReport: unknown option 'refresh' (known: file, title, description, every, refreshSeconds, weights, metrics)");
    await expect(liveReport({ file: root, title: 't' })).rejects.toThrow(`liveReport: file ${JSON.stringify(root)} is a folder; give the path of the HTML file to write (e.g. 'out/index.html')`);
    await expect(liveReport({ file: join(root, 'a.html'), title: 't', every: 0 })).rejects.toThrow('liveReport: every must be an integer >= 1, got 0');
    await expect(liveReport({ file: join(root, 'a.html'), title: 't', metrics: [] })).rejects.toThrow(/liveReport: metrics must be a non-empty array of logged names/);
    await expect(liveReport({ title: 't' } as never)).rejects.toThrow('liveReport: file must be a non-empty string, got undefined');
    expect(existsSync(join(root, 'a.html'))).toBe(false);
  });
});
