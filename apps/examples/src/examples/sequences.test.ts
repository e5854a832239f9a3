import { CharTokenizer } from '@nnts/datasets';
import { RandomGenerator } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { charRnn, generate, sampleWithTemperature } from './sequences';

describe('char-rnn text generation', () => {
  const tokenizer = new CharTokenizer().fit('the quick brown fox jumps over the lazy dog');
  const model = charRnn(3, tokenizer.vocabularySize, 8);

  it('prints the same text from the same seed, and other text from another', () => {
    const text = (seed: number): string => generate(model, tokenizer, 'the ', 40, 1, new RandomGenerator(seed));
    expect(text(1)).toHaveLength(40);
    expect(text(1)).toBe(text(1));
    expect(text(2)).not.toBe(text(1));
  });

  it('samples in proportion to p^(1/T): a low temperature picks the likeliest id, T = 1 the distribution', () => {
    const p = [0.1, 0.6, 0.3];
    const random = new RandomGenerator(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[sampleWithTemperature(p, 1, random)]!++;
    counts.forEach((count, i) => expect(count / 20_000).toBeCloseTo(p[i]!, 1));
    for (let i = 0; i < 100; i++) expect(sampleWithTemperature(p, 0.05, random)).toBe(1);
  });
});
