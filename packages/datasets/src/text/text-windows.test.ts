import { tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer';
import { oneHotSequences } from './one-hot-sequences';
import { textWindows } from './text-windows';

describe('textWindows', () => {
  const ids = Array.from({ length: 10 }, (_, i) => i + 1);

  it("makes every window with its next id, as Keras's lstm_text_generation loop does", () => {
    for (const [length, step] of [[3, 1], [3, 3], [3, 2], [9, 1], [4, 7]] as const) {
      const expectedInputs: number[][] = [];
      const expectedTargets: number[] = [];
      // The example's loop: for i in range(0, len(text) - maxlen, step).
      for (let i = 0; i < ids.length - length; i += step) {
        expectedInputs.push(ids.slice(i, i + length));
        expectedTargets.push(ids[i + length]!);
      }
      const { inputs, targets } = textWindows(ids, { length, step });
      expect(inputs.shape).toEqual([expectedTargets.length, length]);
      expect(inputs.toArray()).toEqual(expectedInputs);
      expect(targets.toArray()).toEqual(expectedTargets);
    }
    expect(textWindows(ids, { length: 3, step: 3 }).inputs.toArray()).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(textWindows(ids, { length: 3, step: 3 }).targets.toArray()).toEqual([4, 7, 10]);
  });

  it('on a tiny text: each window of characters predicts the next character', () => {
    const tokenizer = new CharTokenizer().fit('hello');
    const { inputs, targets } = textWindows(tokenizer.encode('hello'), { length: 2 });
    const rows = inputs.toArray() as number[][];
    expect(rows.map((row) => tokenizer.decode(row))).toEqual(['he', 'el', 'll']);
    expect(tokenizer.decode(Array.from(targets.data))).toBe('llo');
  });

  it('refuses too short a sequence, bad sizes and ids float32 cannot hold', () => {
    expect(() => textWindows([1, 2, 3], { length: 3 })).toThrow('textWindows: 3 ids make no window of 3 with a next id; expected at least 4');
    expect(() => textWindows(ids, { length: 0 })).toThrow('textWindows: length must be an integer >= 1, got number 0');
    expect(() => textWindows(ids, { length: 2, step: 1.5 })).toThrow('textWindows: step must be an integer >= 1, got number 1.5');
    expect(() => textWindows([1, -2, 3], { length: 1 })).toThrow('textWindows: ids[1] is -2; expected an integer in [0, 16777216]');
    expect(() => textWindows([1, 2 ** 24 + 1], { length: 1 })).toThrow(/ids\[1\] is 16777217/);
    expect(() => textWindows(ids, { length: 2, stride: 1 } as never)).toThrow("textWindows: unknown option 'stride' (known: length, step)");
    expect(() => textWindows('hello' as never, { length: 2 })).toThrow('textWindows: expected an array of ids, got the string "hello"');
  });
});

describe('oneHotSequences', () => {
  it('turns [n, length] ids into [n, length, vocabulary] one-hot vectors', () => {
    const out = oneHotSequences(tensor([[1, 0], [2, 1]]), 3);
    expect(out.shape).toEqual([2, 2, 3]);
    expect(out.toArray()).toEqual([[[0, 1, 0], [1, 0, 0]], [[0, 0, 1], [0, 1, 0]]]);
    expect(oneHotSequences(tensor([[1]], { dtype: 'float64' }), 2).dtype).toBe('float64');
  });

  it('refuses ids outside the vocabulary and ids that are not [n, length]', () => {
    expect(() => oneHotSequences(tensor([[0, 1], [3, 0]]), 3)).toThrow('oneHotSequences: id 3 at [1, 0] is not an integer in [0, 2]');
    expect(() => oneHotSequences(tensor([1, 2]), 3)).toThrow('oneHotSequences: expected ids of shape [n, length], got [2]');
    expect(() => oneHotSequences(tensor([[1]]), 0)).toThrow('oneHotSequences: vocabularySize must be an integer >= 1, got number 0');
  });
});
