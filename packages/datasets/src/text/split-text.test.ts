import { describe, expect, it } from 'vitest';
import { splitText } from './split-text';

describe('splitText', () => {
  it('keeps the last fraction of characters (rounded up) for validation, in order', () => {
    expect(splitText('abcdefghij', 0.2)).toEqual({ train: 'abcdefgh', validation: 'ij' });
    expect(splitText('abcdefghij', 0.25)).toEqual({ train: 'abcdefg', validation: 'hij' });
    const text = 'The quick brown fox jumps over the lazy dog.';
    const { train, validation } = splitText(text, 0.1);
    expect(train + validation).toBe(text);
    expect(validation.length).toBe(Math.ceil(0.1 * text.length));
  });

  it('never cuts a character beyond U+FFFF in two', () => {
    expect(splitText('ab\u{1F600}', 0.25)).toEqual({ train: 'ab', validation: '\u{1F600}' });
  });

  it('refuses fractions outside (0, 1) and a split that leaves a part empty', () => {
    expect(() => splitText('abc', 0)).toThrow('splitText: validationFraction must be a number in (0, 1), got number 0');
    expect(() => splitText('abc', 1)).toThrow(/validationFraction/);
    expect(() => splitText('abc', Number.NaN)).toThrow(/validationFraction/);
    expect(() => splitText('a', 0.5)).toThrow('splitText: a text of 1 characters split at 0.5 leaves one part empty');
    expect(() => splitText(['abc'] as never, 0.5)).toThrow('splitText: text must be a string, got an array of 1');
  });
});
