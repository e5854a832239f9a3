import { ValueError, assertKnownOptions } from '@nnts/tensor';
import { describeValue } from './describe-value';
import type { TokenizerConfig, TokenizerOptions } from './tokenizer';
import { Tokenizer } from './tokenizer';

/** Keras Tokenizer's default filters: punctuation but the apostrophe (so "don't" stays one word), tab and newline. */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export interface WordTokenizerOptions extends TokenizerOptions {
  /** Characters replaced by a space before splitting; KERAS_FILTERS by default, '' keeps punctuation. */
  readonly filters?: string;
}

export interface WordTokenizerConfig extends TokenizerConfig {
  readonly kind: 'wordTokenizer';
  readonly filters: string;
}

const OPTIONS = ['maxVocabulary', 'lowercase', 'filters'] as const;

/**
 * Words as Keras's Tokenizer splits them (text_to_word_sequence): lowercase (unless `lowercase:
 * false`), every character of `filters` replaced by a space, then split on runs of whitespace. Decode
 * joins words with single spaces; the unknown token is '[UNK]', as in TextVectorization.
 *
 * @example
 * const tokenizer = new WordTokenizer({ maxVocabulary: 10_000 }).fit(reviews);
 * const sequences = reviews.map((text) => tokenizer.encode(text));
 * tokenizer.decode(tokenizer.encode('Hello, world!')); // 'hello world'
 */
export class WordTokenizer extends Tokenizer {
  readonly kind = 'wordTokenizer';
  readonly unknownToken = '[UNK]';
  readonly filters: string;
  private readonly filtered: ReadonlySet<string>;

  constructor(options: WordTokenizerOptions = {}) {
    assertKnownOptions('WordTokenizer', options, OPTIONS);
    super('WordTokenizer', options, true);
    const { filters = KERAS_FILTERS } = options;
    if (typeof filters !== 'string') throw new ValueError(`WordTokenizer: filters must be a string of characters, got ${describeValue(filters)}`);
    this.filters = filters;
    this.filtered = new Set(filters);
  }

  tokenize(text: string): string[] {
    let kept = '';
    for (const character of this.lowercase ? text.toLowerCase() : text) kept += this.filtered.has(character) ? ' ' : character;
    return kept.split(/\s+/u).filter((word) => word !== '');
  }

  protected join(tokens: readonly string[]): string {
    return tokens.join(' ');
  }

  override getConfig(): WordTokenizerConfig {
    return { ...super.getConfig(), kind: this.kind, filters: this.filters };
  }

  /** A tokenizer with the options and vocabulary of a saved config: the same ids for the same text. */
  static fromConfig(config: WordTokenizerConfig): WordTokenizer {
    assertKnownOptions('WordTokenizer.fromConfig', config, ['kind', 'vocabulary', ...OPTIONS]);
    if (config.kind !== 'wordTokenizer') throw new ValueError(`WordTokenizer.fromConfig: expected kind 'wordTokenizer', got ${describeValue(config.kind)}`);
    const { lowercase, filters, maxVocabulary } = config;
    const tokenizer = new WordTokenizer({ lowercase, filters, ...(maxVocabulary === undefined ? {} : { maxVocabulary }) });
    tokenizer.restoreVocabulary(config);
    return tokenizer;
  }
}
