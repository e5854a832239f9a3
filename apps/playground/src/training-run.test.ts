import { loadDigits } from '@nnts/datasets';
import { getBackend } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { decodeDigits, encodeDigits } from './digits-format';
import { predictDigit } from './predict-digit';
import { VALIDATION_SPLIT, splitDigits } from './split-digits';
import type { EpochReport } from './training-run';
import { TRAINING, startTraining } from './training-run';

const bundled = loadDigits();
const digits = decodeDigits(encodeDigits(bundled.data.data, bundled.target.data));
const split = splitDigits(digits, VALIDATION_SPLIT);

async function train(seed: number, stopAfterEpoch = Infinity): Promise<EpochReport[]> {
  const reports: EpochReport[] = [];
  const run = startTraining(split, {
    seed,
    onEpoch: (report) => {
      reports.push(report);
      if (report.epoch === stopAfterEpoch) run.stop();
    },
  });
  await run.finished;
  return reports;
}

describe(`the page's training run (${getBackend().name} backend)`, () => {
  it('reports every epoch and reaches 0.95 validation accuracy, as the page and its browser test expect', async () => {
    const reports = await train(42);
    expect(reports.map((r) => r.epoch)).toEqual(Array.from({ length: TRAINING.epochs }, (_, i) => i + 1));
    expect(reports.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(reports.at(-1)!.loss).toBeLessThan(reports[0]!.loss);
    for (const [i, report] of reports.entries()) expect(report.seconds).toBeGreaterThanOrEqual(i > 0 ? reports[i - 1]!.seconds : 0);
  });

  it('repeats a seed exactly, and stops when asked: between epochs at once, in an epoch without reporting it', async () => {
    const [a, b] = [await train(7), await train(7)];
    expect(b.map((r) => r.valLoss)).toEqual(a.map((r) => r.valLoss));
    const stopped = await train(7, 3);
    expect(stopped.map((r) => r.valLoss)).toEqual(a.slice(0, 3).map((r) => r.valLoss));
    const reports: EpochReport[] = [];
    const run = startTraining(split, { seed: 7, onEpoch: (report) => reports.push(report) });
    run.stop();
    // The first batch ran (training had started), its epoch was cut short.
    expect((await run.finished).epochs.length).toBeLessThanOrEqual(1);
    expect(reports).toEqual([]);
  });

  it('predicts a validation image while training and after, with probabilities that sum to 1', async () => {
    const image = split.validationIndices[0]!;
    const pixels = digits.pixels.subarray(image * 64, image * 64 + 64);
    const run = startTraining(split, { seed: 42, onEpoch: () => {} });
    const before = predictDigit(run.model, pixels);
    await run.finished;
    const after = predictDigit(run.model, pixels);
    for (const { probabilities } of [before, after]) expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
    expect(after.label).toBe(digits.labels[image]);
    expect(() => predictDigit(run.model, pixels.subarray(0, 63))).toThrow('predictDigit: expected 64 pixels, got 63');
  });
});
