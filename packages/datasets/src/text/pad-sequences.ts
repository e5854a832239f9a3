import type { Tensor } from '@nnts/tensor';
import { ValueError, assertKnownOptions, full } from '@nnts/tensor';
import { describeValue } from './describe-value';
import { assertExactId, LARGEST_EXACT_FLOAT32_INTEGER } from './exact-ids';

export interface PadSequencesOptions {
  /** The length of every row; the longest sequence's length by default. */
  readonly maxLength?: number;
  /** Where padding goes in a short sequence: 'pre' (before it, the default, as Keras) or 'post'. */
  readonly padding?: 'pre' | 'post';
  /** Which end of a long sequence is cut off: 'pre' (its beginning, the default, as Keras) or 'post'. */
  readonly truncating?: 'pre' | 'post';
  /** The padding id; 0 by default. */
  readonly value?: number;
}

/**
 * Sequences of ids of different lengths as one float32 tensor [n, maxLength], exactly as Keras's
 * pad_sequences: short rows are padded with `value`, long rows truncated; an empty sequence is a row of
 * padding. Ids must be integers of magnitude at most 2^24, which float32 holds exactly.
 *
 * @example
 * padSequences([[1, 2, 3], [4, 5], [6]]).toArray(); // [[1, 2, 3], [0, 4, 5], [0, 0, 6]]
 * padSequences([[1, 2, 3], [4]], { maxLength: 2, padding: 'post', truncating: 'post' }).toArray(); // [[1, 2], [4, 0]]
 */
export function padSequences(sequences: readonly ArrayLike<number>[], options: PadSequencesOptions = {}): Tensor {
  assertKnownOptions('padSequences', options, ['maxLength', 'padding', 'truncating', 'value']);
  const { padding = 'pre', truncating = 'pre', value = 0 } = options;
  for (const [name, end] of [['padding', padding], ['truncating', truncating]] as const) {
    if (end !== 'pre' && end !== 'post') throw new ValueError(`padSequences: ${name} must be 'pre' or 'post', got ${describeValue(end)}`);
  }
  assertExactId('padSequences', value, 'value', -LARGEST_EXACT_FLOAT32_INTEGER);
  if (!Array.isArray(sequences)) throw new ValueError(`padSequences: expected an array of sequences, got ${describeValue(sequences)}`);
  let longest = 0;
  sequences.forEach((sequence: unknown, row) => {
    if (sequence === null || typeof sequence !== 'object' || typeof (sequence as ArrayLike<number>).length !== 'number') {
      throw new ValueError(`padSequences: sequences[${row}] is ${describeValue(sequence)}; expected an array of ids`);
    }
    const ids = sequence as ArrayLike<unknown>;
    for (let i = 0; i < ids.length; i++) assertExactId('padSequences', ids[i], `sequences[${row}][${i}]`, -LARGEST_EXACT_FLOAT32_INTEGER);
    longest = Math.max(longest, ids.length);
  });
  if (options.maxLength === undefined && sequences.length === 0) {
    throw new ValueError('padSequences: no sequences, so no longest one; pass maxLength for an empty batch');
  }
  const maxLength = options.maxLength ?? longest;
  if (!Number.isInteger(maxLength) || maxLength < 0) throw new ValueError(`padSequences: maxLength must be an integer >= 0, got ${describeValue(maxLength)}`);
  const out = full([sequences.length, maxLength], value, { dtype: 'float32' });
  sequences.forEach((sequence, row) => {
    const kept = Math.min(sequence.length, maxLength);
    const from = truncating === 'pre' ? sequence.length - kept : 0;
    const to = row * maxLength + (padding === 'pre' ? maxLength - kept : 0);
    for (let i = 0; i < kept; i++) out.data[to + i] = sequence[from + i]!;
  });
  return out;
}
