import { Tensor, ValueError, assertKnownOptions } from '@nnts/tensor';
import { describeValue } from './describe-value';
import { assertExactId } from './exact-ids';

export interface TextWindowsOptions {
  /** Ids in each input window (Keras's lstm_text_generation uses 40 characters). */
  readonly length: number;
  /** Ids between the starts of consecutive windows; 1 by default (that example uses 3). */
  readonly step?: number;
}

export interface TextWindows {
  /** [n, length]: ids as float32, window i starting at id i * step. */
  readonly inputs: Tensor;
  /** [n]: the id that follows each window, the one a language model learns to predict. */
  readonly targets: Tensor;
}

/**
 * Windows over one long sequence of ids for a next-token language model, as Keras's
 * lstm_text_generation makes them: inputs ids[i, i + length) and target ids[i + length] for
 * i = 0, step, 2 * step, ... while i + length < ids.length, so ceil((ids.length - length) / step)
 * windows. For one-hot inputs, pass a batch of them to oneHotSequences.
 *
 * @example
 * const { inputs, targets } = textWindows(tokenizer.encode(corpus), { length: 40, step: 3 });
 * textWindows([1, 2, 3, 4, 5], { length: 2, step: 2 }); // inputs [[1, 2], [3, 4]], targets [3, 5]
 */
export function textWindows(ids: ArrayLike<number>, options: TextWindowsOptions): TextWindows {
  assertKnownOptions('textWindows', options, ['length', 'step']);
  const { length, step = 1 } = options;
  for (const [name, value] of [['length', length], ['step', step]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ValueError(`textWindows: ${name} must be an integer >= 1, got ${describeValue(value)}`);
  }
  if (ids === null || typeof ids !== 'object' || typeof ids.length !== 'number') throw new ValueError(`textWindows: expected an array of ids, got ${describeValue(ids)}`);
  if (ids.length <= length) throw new ValueError(`textWindows: ${ids.length} ids make no window of ${length} with a next id; expected at least ${length + 1}`);
  const values = new Float32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    assertExactId('textWindows', ids[i], `ids[${i}]`);
    values[i] = ids[i]!;
  }
  const count = Math.ceil((ids.length - length) / step);
  const inputs = new Float32Array(count * length);
  const targets = new Float32Array(count);
  for (let w = 0; w < count; w++) {
    const start = w * step;
    inputs.set(values.subarray(start, start + length), w * length);
    targets[w] = values[start + length]!;
  }
  return { inputs: new Tensor(inputs, [count, length]), targets: new Tensor(targets, [count]) };
}
