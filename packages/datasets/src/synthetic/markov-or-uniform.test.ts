import { RandomGenerator, ValueError } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import type { SequenceClassificationSet } from './markov-or-uniform';
import { makeMarkovOrUniform } from './markov-or-uniform';

const TOKENS = 20;
const P = 0.8;
const [MIN, MAX] = [8, 24];

/** Each row's tokens and how many of its steps go to the next token up (wrapping). */
function successorSteps(set: SequenceClassificationSet, row: number): { steps: number; successors: number } {
  const width = set.x.shape[1]!;
  let successors = 0;
  for (let t = 1; t < set.lengths[row]!; t++) {
    if (set.x.data[row * width + t] === (set.x.data[row * width + t - 1]! % TOKENS) + 1) successors++;
  }
  return { steps: set.lengths[row]! - 1, successors };
}

/**
 * The Bayes-optimal rule, written from the task's definition: a step to the successor has probability
 * 1/V under the uniform source and p + (1 - p)/V under the Markov source; any other step 1/V and
 * (1 - p)/V. The first token is uniform under both. Predict the source of larger likelihood.
 */
function bayesPrediction(steps: number, successors: number): number {
  const logRatio = successors * Math.log(P * TOKENS + 1 - P) + (steps - successors) * Math.log(1 - P);
  return logRatio > 0 ? 1 : 0;
}

/** Its exact accuracy at these settings, summed over lengths and successor counts. */
function exactBayesAccuracy(): number {
  const binomial = (n: number, k: number, q: number): number => {
    let c = 1;
    for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
    return c * q ** k * (1 - q) ** (n - k);
  };
  let total = 0;
  for (let length = MIN; length <= MAX; length++) {
    for (let k = 0; k < length; k++) {
      const markov = binomial(length - 1, k, P + (1 - P) / TOKENS);
      const uniform = binomial(length - 1, k, 1 / TOKENS);
      total += 0.5 * (bayesPrediction(length - 1, k) === 1 ? markov : uniform);
    }
  }
  return total / (MAX - MIN + 1);
}

describe('makeMarkovOrUniform', () => {
  const set = makeMarkovOrUniform({ samples: 20_000, random: new RandomGenerator(11) });

  it('gives ids from 1 post-padded with 0 to maxLength, lengths in range, labels 0 and 1', () => {
    expect(set.x.shape).toEqual([20_000, MAX]);
    expect(set.y.shape).toEqual([20_000]);
    expect(set.vocabularySize).toBe(TOKENS + 1);
    const seenLengths = new Set<number>();
    const misplaced: string[] = [];
    for (let row = 0; row < 20_000; row++) {
      const length = set.lengths[row]!;
      seenLengths.add(length);
      for (let t = 0; t < MAX; t++) {
        const id = set.x.data[row * MAX + t]!;
        const valid = t < length ? Number.isInteger(id) && id >= 1 && id <= TOKENS : id === 0;
        if (!valid) misplaced.push(`${id} at [${row}, ${t}] of a row of length ${length}`);
      }
    }
    expect(misplaced).toEqual([]);
    expect([...seenLengths].sort((a, b) => a - b)).toEqual(Array.from({ length: MAX - MIN + 1 }, (_, i) => MIN + i));
    let markov = 0;
    for (const label of set.y.data) markov += label;
    expect(Math.abs(markov - 10_000)).toBeLessThan(4 * Math.sqrt(5_000)); // 4 standard deviations
  });

  it('steps to the successor at the stated rates: 1/V uniform, p + (1 - p)/V Markov', () => {
    const counts = [{ steps: 0, successors: 0 }, { steps: 0, successors: 0 }];
    for (let row = 0; row < 20_000; row++) {
      const { steps, successors } = successorSteps(set, row);
      const label = set.y.data[row]!;
      counts[label]!.steps += steps;
      counts[label]!.successors += successors;
    }
    for (const [label, rate] of [[0, 1 / TOKENS], [1, P + (1 - P) / TOKENS]] as const) {
      const { steps, successors } = counts[label]!;
      expect(Math.abs(successors / steps - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / steps));
    }
  });

  it('has a Bayes-optimal accuracy of at least 0.995, matching the exact figure, so 0.98 is reachable', () => {
    let correct = 0;
    for (let row = 0; row < 20_000; row++) {
      const { steps, successors } = successorSteps(set, row);
      if (bayesPrediction(steps, successors) === set.y.data[row]) correct++;
    }
    const accuracy = correct / 20_000;
    const exact = exactBayesAccuracy();
    expect(accuracy).toBeGreaterThanOrEqual(0.995);
    expect(exact).toBeGreaterThanOrEqual(0.995);
    expect(Math.abs(accuracy - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / 20_000));
  });

  it('is reproducible by seed and differs across seeds', () => {
    const a = makeMarkovOrUniform({ samples: 50, random: new RandomGenerator(3) });
    const b = makeMarkovOrUniform({ samples: 50, random: new RandomGenerator(3) });
    const c = makeMarkovOrUniform({ samples: 50, random: new RandomGenerator(4) });
    expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
    expect(Array.from(a.lengths)).toEqual(Array.from(b.lengths));
    expect(Array.from(a.x.data)).not.toEqual(Array.from(c.x.data));
  });

  it('refuses settings with no transition or no sense, and unknown options', () => {
    const random = new RandomGenerator(1);
    expect(() => makeMarkovOrUniform({ random, minLength: 1 })).toThrow('makeMarkovOrUniform: minLength must be an integer >= 2, got 1');
    expect(() => makeMarkovOrUniform({ random, minLength: 10, maxLength: 9 })).toThrow('makeMarkovOrUniform: maxLength must be an integer >= 10, got 9');
    expect(() => makeMarkovOrUniform({ random, tokens: 1 })).toThrow(ValueError);
    expect(() => makeMarkovOrUniform({ random, successorProbability: 1.5 })).toThrow('makeMarkovOrUniform: successorProbability must be a probability in [0, 1], got 1.5');
    expect(() => makeMarkovOrUniform({ random, seed: 1 } as never)).toThrow("makeMarkovOrUniform: unknown option 'seed'");
  });
});
