import { ValueError } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { padSequences } from './pad-sequences';

// Expected rows worked out by hand from Keras's pad_sequences (keras/src/utils/sequence_utils.py).
describe('padSequences', () => {
  const sequences = [[1, 2, 3], [4, 5], [6]];

  it("pads before and truncates the beginning by default, to the longest length", () => {
    const padded = padSequences(sequences);
    expect(padded.shape).toEqual([3, 3]);
    expect(padded.dtype).toBe('float32');
    expect(padded.toArray()).toEqual([[1, 2, 3], [0, 4, 5], [0, 0, 6]]);
  });

  it("pads after with padding: 'post'", () => {
    expect(padSequences(sequences, { padding: 'post' }).toArray()).toEqual([[1, 2, 3], [4, 5, 0], [6, 0, 0]]);
  });

  it('cuts long sequences at the start by default, at the end with truncating: post', () => {
    expect(padSequences(sequences, { maxLength: 2 }).toArray()).toEqual([[2, 3], [4, 5], [0, 6]]);
    expect(padSequences(sequences, { maxLength: 2, truncating: 'post' }).toArray()).toEqual([[1, 2], [4, 5], [0, 6]]);
    expect(padSequences(sequences, { maxLength: 2, truncating: 'post', padding: 'post' }).toArray()).toEqual([[1, 2], [4, 5], [6, 0]]);
  });

  it('pads with value to a longer maxLength, and makes an empty sequence a row of padding', () => {
    expect(padSequences(sequences, { maxLength: 4, padding: 'post', value: -1 }).toArray()).toEqual([[1, 2, 3, -1], [4, 5, -1, -1], [6, -1, -1, -1]]);
    expect(padSequences([[], [7]]).toArray()).toEqual([[0], [7]]);
    expect(padSequences([[], []]).shape).toEqual([2, 0]);
    expect(padSequences([], { maxLength: 3 }).shape).toEqual([0, 3]);
  });

  it('takes typed arrays (what a tokenizer encodes) and keeps ids up to 2^24 exact', () => {
    expect(padSequences([Int32Array.of(9, 8), Int32Array.of(2 ** 24)]).toArray()).toEqual([[9, 8], [0, 2 ** 24]]);
  });

  it('refuses ids float32 cannot hold, bad options and bad sequences, naming them', () => {
    expect(() => padSequences([[1], [2, 2 ** 24 + 1]])).toThrow('padSequences: sequences[1][1] is 16777217; expected an integer in [-16777216, 16777216] (float32 holds integers exactly only up to 2^24)');
    expect(() => padSequences([[1, 2.5]])).toThrow(/sequences\[0\]\[1\] is 2.5/);
    expect(() => padSequences([['a'] as never])).toThrow(/sequences\[0\]\[0\] is string "a"/);
    expect(() => padSequences([[1], 5 as never])).toThrow('padSequences: sequences[1] is number 5; expected an array of ids');
    expect(() => padSequences(sequences, { padding: 'middle' as never })).toThrow(`padSequences: padding must be 'pre' or 'post', got the string "middle"`);
    expect(() => padSequences(sequences, { truncating: 'both' as never })).toThrow(/truncating must be 'pre' or 'post'/);
    expect(() => padSequences(sequences, { maxLength: -1 })).toThrow('padSequences: maxLength must be an integer >= 0, got number -1');
    expect(() => padSequences(sequences, { value: 0.5 })).toThrow(/value is 0.5/);
    expect(() => padSequences(sequences, { maxlen: 2 } as never)).toThrow(ValueError);
    expect(() => padSequences([])).toThrow('padSequences: no sequences, so no longest one; pass maxLength for an empty batch');
  });
});
