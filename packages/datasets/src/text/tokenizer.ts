import { NntsError, ValueError, assertBoolean } from '@nnts/tensor';
import { describeValue } from './describe-value';

/** Id 0 pads sequences to one length; decode skips it. */
export const PADDING_ID = 0;
/** Id 1 stands for every token outside the vocabulary (Keras's OOV index). */
export const UNKNOWN_ID = 1;

export interface TokenizerOptions {
  /**
   * At most this many ids, padding and unknown included (Keras TextVectorization's max_tokens): the
   * most frequent tokens are kept. Every token seen by fit by default.
   */
  readonly maxVocabulary?: number;
  /** Lowercase text before splitting it into tokens. */
  readonly lowercase?: boolean;
}

/** The part of a tokenizer's config both kinds share: plain JSON. */
export interface TokenizerConfig {
  readonly kind: string;
  readonly lowercase: boolean;
  readonly maxVocabulary?: number;
  /** Tokens from id 2 on, in id order; absent before fit. */
  readonly vocabulary?: readonly string[];
}

/**
 * What the character and word tokenizers share: a vocabulary fitted on texts, ranked by count
 * (descending, ties by code point so the ids never depend on the order of the texts), with id 0 for
 * padding and id 1 for unknown tokens, as Keras's TextVectorization numbers them.
 */
export abstract class Tokenizer {
  abstract readonly kind: string;
  /** The token decode writes for the unknown id, and tokenAt(1). */
  abstract readonly unknownToken: string;
  readonly lowercase: boolean;
  readonly maxVocabulary: number | undefined;
  private tokens: readonly string[] | null = null;
  private readonly ids = new Map<string, number>();

  protected constructor(protected readonly owner: string, options: TokenizerOptions, lowercaseByDefault: boolean) {
    const { maxVocabulary, lowercase = lowercaseByDefault } = options;
    assertBoolean(owner, 'lowercase', lowercase);
    if (maxVocabulary !== undefined && (typeof maxVocabulary !== 'number' || !Number.isInteger(maxVocabulary) || maxVocabulary < 2)) {
      throw new ValueError(`${owner}: maxVocabulary must be an integer >= 2 (padding and unknown take ids 0 and 1), got ${describeValue(maxVocabulary)}`);
    }
    this.lowercase = lowercase;
    this.maxVocabulary = maxVocabulary;
  }

  /** The tokens of one text, in order: lowercased when asked, then split by the tokenizer's rule. */
  abstract tokenize(text: string): string[];

  /** Decoded tokens back into one string. */
  protected abstract join(tokens: readonly string[]): string;

  /**
   * Builds the vocabulary from scratch (a second fit replaces the first, as Keras's adapt does).
   *
   * @example
   * const tokenizer = new CharTokenizer().fit(['hello', 'world']); // ids: l 2, o 3, d 4, e 5, ...
   */
  fit(texts: string | readonly string[]): this {
    const list = typeof texts === 'string' ? [texts] : texts;
    if (!Array.isArray(list)) throw new ValueError(`${this.owner}.fit: expected a string or an array of strings, got ${describeValue(texts)}`);
    const counts = new Map<string, number>();
    list.forEach((text: unknown, i) => {
      this.assertText(text, 'fit', `texts[${i}]`);
      for (const token of this.tokenize(text)) {
        if (token !== this.unknownToken) counts.set(token, (counts.get(token) ?? 0) + 1);
      }
    });
    const ranked = [...counts].sort(([a, countA], [b, countB]) => countB - countA || compareCodePoints(a, b)).map(([token]) => token);
    this.setVocabulary(this.maxVocabulary === undefined ? ranked : ranked.slice(0, this.maxVocabulary - 2));
    return this;
  }

  /**
   * The ids of a text's tokens; tokens outside the vocabulary become 1.
   *
   * @example
   * new WordTokenizer().fit(['the cat', 'the dog']).encode('The bird'); // Int32Array [2, 1]
   */
  encode(text: string): Int32Array {
    this.assertText(text, 'encode', 'text');
    const ids = this.fitted('encode').ids;
    return Int32Array.from(this.tokenize(text), (token) => ids.get(token) ?? UNKNOWN_ID);
  }

  /**
   * The text of a sequence of ids: padding (0) is skipped, unknown (1) is written as unknownToken.
   *
   * @example
   * tokenizer.decode(tokenizer.encode('hello')); // 'hello' when every character was seen by fit
   */
  decode(ids: ArrayLike<number>): string {
    const { tokens } = this.fitted('decode');
    if (ids === null || typeof ids !== 'object' || typeof ids.length !== 'number') {
      throw new ValueError(`${this.owner}.decode: expected an array of ids, got ${describeValue(ids)}`);
    }
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = this.assertIdInRange('decode', ids[i], `id at position ${i}`);
      if (id !== PADDING_ID) out.push(tokens[id]!);
    }
    return this.join(out);
  }

  /** Ids in use, padding and unknown included: the input size of an Embedding or of one-hot rows. */
  get vocabularySize(): number {
    return this.fitted('vocabularySize').tokens.length;
  }

  /** Every token by id, as TextVectorization's get_vocabulary(): ['', unknownToken, most frequent, ...]. */
  get vocabulary(): readonly string[] {
    return this.fitted('vocabulary').tokens;
  }

  /** The token of an id: '' for padding, unknownToken for 1. */
  tokenAt(id: number): string {
    return this.fitted('tokenAt').tokens[this.assertIdInRange('tokenAt', id, 'id')]!;
  }

  /** The id of a token, as encode gives it: 1 for a token outside the vocabulary, 0 for ''. */
  idOf(token: string): number {
    const { ids } = this.fitted('idOf');
    if (typeof token !== 'string') throw new ValueError(`${this.owner}.idOf: expected a token as a string, got ${describeValue(token)}`);
    if (token === '') return PADDING_ID;
    return ids.get(token) ?? UNKNOWN_ID;
  }

  getConfig(): TokenizerConfig {
    return {
      kind: this.kind,
      lowercase: this.lowercase,
      ...(this.maxVocabulary === undefined ? {} : { maxVocabulary: this.maxVocabulary }),
      ...(this.tokens === null ? {} : { vocabulary: this.tokens.slice(2) }),
    };
  }

  /** Installs a vocabulary (tokens from id 2 on), from fit or from a saved config. */
  protected setVocabulary(tokens: readonly string[]): void {
    this.tokens = Object.freeze(['', this.unknownToken, ...tokens]);
    this.ids.clear();
    tokens.forEach((token, i) => this.ids.set(token, i + 2));
  }

  /** Checks a saved vocabulary before setVocabulary: tokens this tokenizer could have made, once each. */
  protected restoreVocabulary(config: TokenizerConfig): void {
    const { vocabulary } = config;
    if (vocabulary === undefined) return;
    if (!Array.isArray(vocabulary)) throw new ValueError(`${this.owner}.fromConfig: vocabulary must be an array of tokens, got ${describeValue(vocabulary)}`);
    const seen = new Set<string>();
    vocabulary.forEach((token: unknown, i) => {
      if (typeof token !== 'string' || token === '' || token === this.unknownToken || seen.has(token) || !this.makes(token)) {
        throw new ValueError(`${this.owner}.fromConfig: vocabulary[${i}] is ${describeValue(token)}; expected a token this tokenizer makes, not '' or ${JSON.stringify(this.unknownToken)}, listed once`);
      }
      seen.add(token);
    });
    if (this.maxVocabulary !== undefined && vocabulary.length + 2 > this.maxVocabulary) {
      throw new ValueError(`${this.owner}.fromConfig: ${vocabulary.length} tokens + padding and unknown exceed maxVocabulary ${this.maxVocabulary}`);
    }
    this.setVocabulary(vocabulary);
  }

  /** Whether tokenize gives this token back whole: a saved vocabulary can hold nothing else. */
  private makes(token: string): boolean {
    const tokens = this.tokenize(token);
    return tokens.length === 1 && tokens[0] === token;
  }

  private fitted(method: string): { tokens: readonly string[]; ids: Map<string, number> } {
    if (this.tokens === null) throw new NntsError(`${this.owner}.${method}: the vocabulary is empty; call fit(texts) first`);
    return { tokens: this.tokens, ids: this.ids };
  }

  private assertText(text: unknown, method: string, name: string): asserts text is string {
    if (typeof text !== 'string') throw new ValueError(`${this.owner}.${method}: ${name} must be a string, got ${describeValue(text)}`);
  }

  private assertIdInRange(method: string, id: unknown, name: string): number {
    const size = this.tokens!.length;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= size) {
      throw new ValueError(`${this.owner}.${method}: ${name} is ${describeValue(id)}; expected an integer id in [0, ${size - 1}] (vocabularySize ${size})`);
    }
    return id;
  }
}

/** Orders strings by Unicode code point (plain < compares UTF-16 units, which differs past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
