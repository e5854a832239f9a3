import { ValueError } from '@nnts/tensor';
import { describeValue } from './describe-value';

export interface TextSplit {
  readonly train: string;
  readonly validation: string;
}

/**
 * A corpus cut in two by position: the first part to train on, the last `validationFraction` of its
 * characters (rounded up) to validate on. No shuffling: neighbouring windows of one text overlap, so
 * a random split would validate on text the model has trained on. A cut never splits a surrogate pair.
 *
 * @example
 * const { train, validation } = splitText(corpus, 0.1); // the last 10% validates
 */
export function splitText(text: string, validationFraction: number): TextSplit {
  if (typeof text !== 'string') throw new ValueError(`splitText: text must be a string, got ${describeValue(text)}`);
  if (typeof validationFraction !== 'number' || !(validationFraction > 0 && validationFraction < 1)) {
    throw new ValueError(`splitText: validationFraction must be a number in (0, 1), got ${describeValue(validationFraction)}`);
  }
  let cut = text.length - Math.ceil(validationFraction * text.length);
  // Move a cut between the two halves of a surrogate pair (one character past U+FFFF) before it.
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1]!) && /[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut--;
  if (cut <= 0 || cut >= text.length) {
    throw new ValueError(`splitText: a text of ${text.length} characters split at ${validationFraction} leaves one part empty`);
  }
  return { train: text.slice(0, cut), validation: text.slice(cut) };
}
