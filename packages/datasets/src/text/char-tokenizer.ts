import { ValueError, assertKnownOptions } from '@nnts/tensor';
import { describeValue } from './describe-value';
import type { TokenizerConfig, TokenizerOptions } from './tokenizer';
import { Tokenizer } from './tokenizer';

export type CharTokenizerOptions = TokenizerOptions;

export interface CharTokenizerConfig extends TokenizerConfig {
  readonly kind: 'charTokenizer';
}

const OPTIONS = ['maxVocabulary', 'lowercase'] as const;

/**
 * One token per Unicode code point (an emoji is one token, not two UTF-16 halves), every character
 * kept, newlines and punctuation included, for character-level language models. Case is kept unless
 * `lowercase: true` (Keras's lstm_text_generation lowercases its corpus). The unknown token is U+FFFD,
 * the replacement character, so a decoded text has one character per id.
 *
 * @example
 * const tokenizer = new CharTokenizer().fit(corpus);
 * const ids = tokenizer.encode('To be'); // Int32Array, one id per character
 * tokenizer.decode(ids); // 'To be'
 */
export class CharTokenizer extends Tokenizer {
  readonly kind = 'charTokenizer';
  readonly unknownToken = '\uFFFD';

  constructor(options: CharTokenizerOptions = {}) {
    assertKnownOptions('CharTokenizer', options, OPTIONS);
    super('CharTokenizer', options, false);
  }

  tokenize(text: string): string[] {
    return Array.from(this.lowercase ? text.toLowerCase() : text);
  }

  protected join(tokens: readonly string[]): string {
    return tokens.join('');
  }

  override getConfig(): CharTokenizerConfig {
    return { ...super.getConfig(), kind: this.kind };
  }

  /** A tokenizer with the options and vocabulary of a saved config: the same ids for the same text. */
  static fromConfig(config: CharTokenizerConfig): CharTokenizer {
    assertKnownOptions('CharTokenizer.fromConfig', config, ['kind', 'vocabulary', ...OPTIONS]);
    if (config.kind !== 'charTokenizer') throw new ValueError(`CharTokenizer.fromConfig: expected kind 'charTokenizer', got ${describeValue(config.kind)}`);
    const tokenizer = new CharTokenizer({ lowercase: config.lowercase, ...(config.maxVocabulary === undefined ? {} : { maxVocabulary: config.maxVocabulary }) });
    tokenizer.restoreVocabulary(config);
    return tokenizer;
  }
}
