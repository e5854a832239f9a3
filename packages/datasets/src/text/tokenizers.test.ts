import { NntsError, ValueError } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer';
import { WordTokenizer } from './word-tokenizer';

describe('CharTokenizer', () => {
  // 'hello world': l x3, o x2, then h e space w r d once each, ordered by code point.
  const tokenizer = new CharTokenizer().fit('hello world');

  it('ranks characters by count, ties by code point, after padding and unknown', () => {
    expect(tokenizer.vocabulary).toEqual(['', '\uFFFD', 'l', 'o', ' ', 'd', 'e', 'h', 'r', 'w']);
    expect(tokenizer.vocabularySize).toBe(10);
    expect(Array.from(tokenizer.encode('hold'))).toEqual([7, 3, 2, 5]);
    expect(tokenizer.encode('hold')).toBeInstanceOf(Int32Array);
  });

  it('round-trips seen text, writes U+FFFD for unknown characters and skips padding', () => {
    expect(tokenizer.decode(tokenizer.encode('world hello'))).toBe('world hello');
    expect(Array.from(tokenizer.encode('hex'))).toEqual([7, 6, 1]);
    expect(tokenizer.decode(tokenizer.encode('hex'))).toBe('he\uFFFD');
    expect(tokenizer.decode([0, 0, 7, 6])).toBe('he');
  });

  it('idOf and tokenAt are inverse over the whole vocabulary; unseen tokens are id 1', () => {
    for (let id = 0; id < tokenizer.vocabularySize; id++) expect(tokenizer.idOf(tokenizer.tokenAt(id))).toBe(id);
    expect(tokenizer.idOf('z')).toBe(1);
  });

  it('does not depend on the order of the texts, and a second fit replaces the first', () => {
    expect(new CharTokenizer().fit(['ab', 'ba', 'c']).vocabulary).toEqual(new CharTokenizer().fit(['c', 'ba', 'ab']).vocabulary);
    const refit = new CharTokenizer().fit('aaa').fit('bb');
    expect(refit.vocabulary).toEqual(['', '\uFFFD', 'b']);
  });

  it('takes code points, not UTF-16 halves, and orders ties by code point', () => {
    // U+1F600 is two UTF-16 units starting 0xD83D, below U+FF01 by units but above it by code point.
    const emoji = new CharTokenizer().fit('\u{1F600}\uFF01');
    expect(emoji.vocabulary).toEqual(['', '\uFFFD', '\uFF01', '\u{1F600}']);
    expect(Array.from(emoji.encode('\u{1F600}\u{1F600}'))).toEqual([3, 3]);
  });

  it('keeps the most frequent characters under maxVocabulary, and lowercases when asked', () => {
    const small = new CharTokenizer({ maxVocabulary: 4 }).fit('hello world');
    expect(small.vocabulary).toEqual(['', '\uFFFD', 'l', 'o']);
    expect(Array.from(small.encode('hello'))).toEqual([1, 1, 2, 2, 3]);
    const lower = new CharTokenizer({ lowercase: true }).fit('AaB');
    expect(lower.vocabulary).toEqual(['', '\uFFFD', 'a', 'b']);
    expect(lower.decode(lower.encode('BA'))).toBe('ba');
  });

  it('restores the same vocabulary from its JSON config', () => {
    const config = JSON.parse(JSON.stringify(new CharTokenizer({ maxVocabulary: 6, lowercase: true }).fit('Hello World').getConfig()));
    expect(config).toEqual({ kind: 'charTokenizer', lowercase: true, maxVocabulary: 6, vocabulary: ['l', 'o', ' ', 'd'] });
    const restored = CharTokenizer.fromConfig(config);
    expect(restored.vocabulary).toEqual(['', '\uFFFD', 'l', 'o', ' ', 'd']);
    expect(Array.from(restored.encode('Old Hello'))).toEqual([3, 2, 5, 4, 1, 1, 2, 2, 3]);
    expect(new CharTokenizer().getConfig()).toEqual({ kind: 'charTokenizer', lowercase: false });
  });

  it('refuses bad options, bad input and use before fit, naming the value', () => {
    expect(() => new CharTokenizer().encode('a')).toThrow(NntsError);
    expect(() => new CharTokenizer().encode('a')).toThrow('CharTokenizer.encode: the vocabulary is empty; call fit(texts) first');
    expect(() => new CharTokenizer({ lower: true } as never)).toThrow("CharTokenizer: unknown option 'lower' (known: maxVocabulary, lowercase)");
    expect(() => new CharTokenizer({ maxVocabulary: 1 })).toThrow('CharTokenizer: maxVocabulary must be an integer >= 2 (padding and unknown take ids 0 and 1), got number 1');
    expect(() => new CharTokenizer({ lowercase: 'yes' as never })).toThrow(ValueError);
    expect(() => tokenizer.encode(5 as never)).toThrow('CharTokenizer.encode: text must be a string, got number 5');
    expect(() => new CharTokenizer().fit(['a', null as never])).toThrow('CharTokenizer.fit: texts[1] must be a string, got null');
    expect(() => tokenizer.decode([2, 10])).toThrow('CharTokenizer.decode: id at position 1 is number 10; expected an integer id in [0, 9] (vocabularySize 10)');
    expect(() => tokenizer.decode([1.5])).toThrow(/id at position 0 is number 1.5/);
    expect(() => tokenizer.tokenAt(-1)).toThrow('CharTokenizer.tokenAt: id is number -1; expected an integer id in [0, 9] (vocabularySize 10)');
  });

  it('refuses a config it could not have written', () => {
    const valid = { kind: 'charTokenizer', lowercase: false, vocabulary: ['a', 'b'] } as const;
    expect(() => CharTokenizer.fromConfig({ ...valid, kind: 'wordTokenizer' } as never)).toThrow(`CharTokenizer.fromConfig: expected kind 'charTokenizer', got the string "wordTokenizer"`);
    expect(() => CharTokenizer.fromConfig({ ...valid, vocabulary: ['a', 'ab'] })).toThrow(/vocabulary\[1\] is the string "ab"; expected a token this tokenizer makes/);
    expect(() => CharTokenizer.fromConfig({ ...valid, vocabulary: ['a', 'a'] })).toThrow(/vocabulary\[1\]/);
    expect(() => CharTokenizer.fromConfig({ ...valid, vocabulary: ['\uFFFD'] })).toThrow(/vocabulary\[0\]/);
    expect(() => CharTokenizer.fromConfig({ ...valid, lowercase: true, vocabulary: ['A'] })).toThrow(/vocabulary\[0\] is the string "A"/);
    expect(() => CharTokenizer.fromConfig({ ...valid, maxVocabulary: 3 })).toThrow('CharTokenizer.fromConfig: 2 tokens + padding and unknown exceed maxVocabulary 3');
    expect(() => CharTokenizer.fromConfig({ ...valid, extra: 1 } as never)).toThrow(/unknown option 'extra'/);
  });
});

describe('WordTokenizer', () => {
  const texts = ['The cat sat on the mat.', 'The dog ate my homework!'];
  const tokenizer = new WordTokenizer().fit(texts);

  it('splits as Keras: lowercase, punctuation but the apostrophe filtered, whitespace runs', () => {
    expect(tokenizer.tokenize("Don't STOP:\tthe e-mail,\n\nnow")).toEqual(["don't", 'stop', 'the', 'e', 'mail', 'now']);
    expect(new WordTokenizer({ filters: '', lowercase: false }).tokenize('Hi, there.')).toEqual(['Hi,', 'there.']);
  });

  it('ranks words by count, ties alphabetically, and encodes unseen words as 1', () => {
    expect(tokenizer.vocabulary).toEqual(['', '[UNK]', 'the', 'ate', 'cat', 'dog', 'homework', 'mat', 'my', 'on', 'sat']);
    expect(Array.from(tokenizer.encode('The cat ate my bird!'))).toEqual([2, 4, 3, 8, 1]);
    expect(tokenizer.decode(tokenizer.encode('The cat ate my bird!'))).toBe('the cat ate my [UNK]');
    expect(tokenizer.decode([0, 0, 5, 3])).toBe('dog ate');
    expect(tokenizer.idOf('[UNK]')).toBe(1);
  });

  it('keeps the most frequent words under maxVocabulary', () => {
    const small = new WordTokenizer({ maxVocabulary: 4 }).fit(texts);
    expect(small.vocabulary).toEqual(['', '[UNK]', 'the', 'ate']);
    expect(Array.from(small.encode('the cat ate'))).toEqual([2, 1, 3]);
  });

  it('restores the same vocabulary and split rule from its JSON config', () => {
    const custom = new WordTokenizer({ filters: '.', lowercase: false }).fit(['Hello, world. Hello again.']);
    const config = JSON.parse(JSON.stringify(custom.getConfig()));
    expect(config).toEqual({ kind: 'wordTokenizer', lowercase: false, filters: '.', vocabulary: ['Hello', 'Hello,', 'again', 'world'] });
    const restored = WordTokenizer.fromConfig(config);
    expect(restored.vocabulary).toEqual(custom.vocabulary);
    expect(Array.from(restored.encode('Hello, again. hello'))).toEqual(Array.from(custom.encode('Hello, again. hello')));
    expect(Array.from(restored.encode('Hello, again. hello'))).toEqual([3, 4, 1]);
    expect(() => WordTokenizer.fromConfig({ ...config, vocabulary: ['two words'] })).toThrow(/vocabulary\[0\] is the string "two words"/);
    expect(() => WordTokenizer.fromConfig({ ...config, vocabulary: ['end.'] })).toThrow(/vocabulary\[0\] is the string "end."/);
  });

  it('refuses bad options and input', () => {
    expect(() => new WordTokenizer({ split: ' ' } as never)).toThrow("WordTokenizer: unknown option 'split' (known: maxVocabulary, lowercase, filters)");
    expect(() => new WordTokenizer({ filters: 3 as never })).toThrow('WordTokenizer: filters must be a string of characters, got number 3');
    expect(() => tokenizer.encode(['a'] as never)).toThrow('WordTokenizer.encode: text must be a string, got an array of 1');
    expect(() => tokenizer.idOf(2 as never)).toThrow('WordTokenizer.idOf: expected a token as a string, got number 2');
    expect(() => new WordTokenizer().fit(3 as never)).toThrow('WordTokenizer.fit: expected a string or an array of strings, got number 3');
    expect(() => tokenizer.decode('12' as never)).toThrow('WordTokenizer.decode: expected an array of ids, got the string "12"');
  });
});
