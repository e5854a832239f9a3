import { loadDigits } from '@nnts/datasets';
import { dense, dropout } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { RandomGenerator, astype, div } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { Adam } from './optimizers';
import { Sequential } from './sequential';

const digits = loadDigits();
const x = astype(div(digits.data, 16), 'float32');
const y = astype(digits.target, 'float32');
const model = (): Sequential => new Sequential([dense({ units: 32, activation: 'relu' }), dropout({ rate: 0.2 }), dense({ units: 10, activation: 'softmax' })], {
  inputShape: [64], loss: new CrossEntropy(), seed: 4,
});
const bits = (m: Sequential): number[] => m.namedParameters().flatMap(({ parameter }) => Array.from(parameter.value.data));
const options = () => ({ optimizer: new Adam(), epochs: 3, batchSize: 64, verbose: 'silent' as const, random: new RandomGenerator(2), validationSplit: 0.2, metrics: ['accuracy'] });

describe('fitAsync', () => {
  it('ends with the weights and history of fit, bit for bit, whatever it yields on', async () => {
    const sync = model();
    const history = sync.fit(x, y, options());
    for (const yieldEvery of ['batch', 'epoch', 0, 50] as const) {
      const async = model();
      const asyncHistory = await async.fitAsync(x, y, { ...options(), yieldEvery });
      expect(bits(async), String(yieldEvery)).toEqual(bits(sync));
      expect(asyncHistory.values).toEqual(history.values);
    }
  });

  it('gives the event loop a turn between batches: a timer fires while it trains, and can stop it', async () => {
    const m = model();
    let batches = 0;
    let firedAt = -1;
    let stopAt = -1;
    setTimeout(() => {
      firedAt = batches;
    }, 0);
    const history = await m.fitAsync(x, y, {
      ...options(), epochs: 20, yieldEvery: 'batch',
      callbacks: [{
        onBatchEnd: (_batch, _logs, context) => {
          batches++;
          if (firedAt >= 0 && stopAt < 0) {
            stopAt = batches;
            context.stop();
          }
        },
      }],
    });
    expect(firedAt).toBeGreaterThan(0);
    expect(firedAt).toBeLessThan(5);
    expect(history.values.loss!.length).toBe(1);
  });

  it("refuses a bad yieldEvery and fit's own bad options, as a rejected promise", async () => {
    await expect(model().fitAsync(x, y, { ...options(), yieldEvery: 'sometimes' as never })).rejects.toThrow(/fitAsync: yieldEvery must be 'batch', 'epoch' or a number of milliseconds >= 0, got "sometimes"/);
    await expect(model().fitAsync(x, y, { ...options(), epoch: 3 } as never)).rejects.toThrow(/fitAsync.*epoch/);
  });
});
