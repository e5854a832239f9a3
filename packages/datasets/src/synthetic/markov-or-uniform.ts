import type { Tensor } from '@nnts/tensor';
import { ValueError, assertKnownOptions, assertRandomGenerator, zeros } from '@nnts/tensor';
import type { GeneratorOptions } from './options';
import { assertCount } from './options';

export interface MarkovOrUniformOptions extends GeneratorOptions {
  /** Sequences; 2,000 by default. */
  readonly samples?: number;
  /** The shortest sequence; 8 by default, at least 2 (one transition). */
  readonly minLength?: number;
  /** The longest sequence and the width of x; 24 by default. */
  readonly maxLength?: number;
  /** Distinct tokens, ids 1..tokens (0 pads); 20 by default. */
  readonly tokens?: number;
  /** How often the Markov source steps to the next id up (tokens wraps to 1); 0.8 by default. */
  readonly successorProbability?: number;
}

export interface SequenceClassificationSet {
  /** [n, maxLength]: token ids from 1, post-padded with 0. */
  readonly x: Tensor;
  /** [n]: 0 for the uniform source, 1 for the Markov source. */
  readonly y: Tensor;
  /** The unpadded length of each row. */
  readonly lengths: Int32Array;
  /** Ids in use, padding included (tokens + 1): an Embedding's input size. */
  readonly vocabularySize: number;
  readonly targetNames: readonly string[];
  readonly description: string;
}

/**
 * Which of two sources wrote a sequence, a task with a known best answer for recurrent classifiers
 * with masking. Each sequence picks its source with probability 1/2 and its length uniformly in
 * [minLength, maxLength]. Class 0 draws every token uniformly from 1..tokens. Class 1 draws its first
 * token uniformly, then steps to the successor of the last token (wrapping) with probability
 * `successorProbability`, else draws uniformly. The likelihood ratio depends only on how many steps
 * go to the successor, (p·V + 1 - p)^k (1 - p)^(T-1-k) for V tokens; at the defaults the Bayes-optimal
 * classifier (that ratio > 1) is right 99.93% of the time, so a network can be held to 98%.
 *
 * @example
 * const { x, y, lengths, vocabularySize } = makeMarkovOrUniform({ samples: 4000, random: new RandomGenerator(7) });
 */
export function makeMarkovOrUniform(options: MarkovOrUniformOptions): SequenceClassificationSet {
  assertKnownOptions('makeMarkovOrUniform', options, ['samples', 'minLength', 'maxLength', 'tokens', 'successorProbability', 'random', 'dtype']);
  assertRandomGenerator('makeMarkovOrUniform', 'random', options.random);
  const { samples = 2000, minLength = 8, maxLength = 24, tokens = 20, successorProbability = 0.8, random, dtype = 'float32' } = options;
  assertCount('makeMarkovOrUniform', 'samples', samples);
  assertCount('makeMarkovOrUniform', 'minLength', minLength, 2);
  assertCount('makeMarkovOrUniform', 'maxLength', maxLength, minLength);
  assertCount('makeMarkovOrUniform', 'tokens', tokens, 2);
  if (tokens > 2 ** 24) throw new ValueError(`makeMarkovOrUniform: tokens must be at most 2^24 (ids exact in float32), got ${tokens}`);
  if (!(successorProbability >= 0 && successorProbability <= 1)) {
    throw new ValueError(`makeMarkovOrUniform: successorProbability must be a probability in [0, 1], got ${successorProbability}`);
  }
  const x = zeros([samples, maxLength], { dtype });
  const y = zeros([samples], { dtype });
  const lengths = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const label = random.nextInt(0, 2);
    const length = random.nextInt(minLength, maxLength + 1);
    const row = i * maxLength;
    x.data[row] = random.nextInt(1, tokens + 1);
    for (let t = 1; t < length; t++) {
      const previous = x.data[row + t - 1]!;
      const stepsUp = label === 1 && random.nextFloat() < successorProbability;
      x.data[row + t] = stepsUp ? (previous % tokens) + 1 : random.nextInt(1, tokens + 1);
    }
    y.data[i] = label;
    lengths[i] = length;
  }
  return {
    x, y, lengths,
    vocabularySize: tokens + 1,
    targetNames: ['uniform', 'markov'],
    description: `${samples} sequences of ${minLength}-${maxLength} tokens from 1..${tokens}, post-padded with 0 to ${maxLength}: class 0 uniform, class 1 steps to the next token up with probability ${successorProbability}.`,
  };
}
