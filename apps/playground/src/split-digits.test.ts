import { describe, expect, it } from 'vitest';
import type { Digits } from './digits-format';
import { VALIDATION_SPLIT, splitDigits } from './split-digits';

// 50 images whose every pixel is the image's index mod 17 and whose label is its index mod 10.
const digits: Digits = {
  pixels: Uint8Array.from({ length: 50 * 64 }, (_, i) => Math.floor(i / 64) % 17),
  labels: Uint8Array.from({ length: 50 }, (_, i) => i % 10),
};

describe('splitDigits', () => {
  it('puts every image in one of the two sets, with its own label and its pixels scaled to [0, 1]', () => {
    const split = splitDigits(digits, { seed: 3, validationFraction: 0.2 });
    expect(split.xTrain.shape).toEqual([40, 64]);
    expect(split.xValidation.shape).toEqual([10, 64]);
    const seen = new Set<number>();
    for (const [x, y] of [[split.xTrain, split.yTrain], [split.xValidation, split.yValidation]] as const) {
      for (let row = 0; row < y.size; row++) {
        // Which image this row is: a pixel value and a label pin it down among the 50.
        const image = Array.from({ length: 50 }, (_, i) => i).find((i) => i % 17 === Math.round(x.data[row * 64]! * 16) && i % 10 === y.data[row] && !seen.has(i))!;
        seen.add(image);
        expect(x.data[row * 64 + 63]).toBeCloseTo((image % 17) / 16, 6);
      }
    }
    expect(seen.size).toBe(50);
  });

  it('is the same split for the same seed and another for another seed; validationIndices name the validation images', () => {
    const a = splitDigits(digits, { seed: 3, validationFraction: 0.2 });
    expect(Array.from(splitDigits(digits, { seed: 3, validationFraction: 0.2 }).validationIndices)).toEqual(Array.from(a.validationIndices));
    expect(Array.from(splitDigits(digits, { seed: 4, validationFraction: 0.2 }).validationIndices)).not.toEqual(Array.from(a.validationIndices));
    expect(Array.from(a.yValidation.data)).toEqual(Array.from(a.validationIndices, (i) => i % 10));
  });

  it('keeps a fifth for validation in the page, and refuses a fraction that leaves one set empty', () => {
    expect(VALIDATION_SPLIT.validationFraction).toBe(0.2);
    expect(() => splitDigits(digits, { seed: 0, validationFraction: 1 })).toThrow('splitDigits: validationFraction 1 leaves 50 of 50 images for validation, expected at least 1 and fewer than all');
    expect(() => splitDigits(digits, { seed: 0, validationFraction: 0.001 })).toThrow(/leaves 0 of 50/);
  });
});
