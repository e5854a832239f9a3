import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ValueError, tensor } from '@nnts/tensor';
import type { Digits } from './digits-format';
import { PIXELS } from './digits-format';
import { toFeatures } from './features';

/** The page's split: the same fifth of the digits is the validation set for every run, so runs compare. */
export const VALIDATION_SPLIT = { seed: 0, validationFraction: 0.2 } as const;

/** Training and validation sets of the digits, as the network's inputs and labels. */
export interface DigitSplit {
  readonly xTrain: Tensor;
  readonly yTrain: Tensor;
  readonly xValidation: Tensor;
  readonly yValidation: Tensor;
  /** Which images (indices into the digits) are the validation set, in its order. */
  readonly validationIndices: Int32Array;
}

/**
 * A seeded random split: the same seed gives the same sets in every browser and in Node, so the
 * page's validation accuracy can be compared between runs.
 *
 * @example
 * const { xTrain, yTrain, xValidation, yValidation } = splitDigits(digits, { seed: 42, validationFraction: 0.2 });
 */
export function splitDigits(digits: Digits, options: { readonly seed: number; readonly validationFraction: number }): DigitSplit {
  const { seed, validationFraction } = options;
  const count = digits.labels.length;
  const validationCount = Math.round(count * validationFraction);
  if (!(validationCount >= 1 && validationCount < count)) {
    throw new ValueError(`splitDigits: validationFraction ${validationFraction} leaves ${validationCount} of ${count} images for validation, expected at least 1 and fewer than all`);
  }
  const order = new RandomGenerator(seed).permutation(count);
  const validationIndices = order.slice(0, validationCount);
  const trainIndices = order.slice(validationCount);
  const [xTrain, yTrain] = gather(digits, trainIndices);
  const [xValidation, yValidation] = gather(digits, validationIndices);
  return { xTrain, yTrain, xValidation, yValidation, validationIndices };
}

function gather(digits: Digits, indices: Int32Array): [Tensor, Tensor] {
  const pixels = new Uint8Array(indices.length * PIXELS);
  const labels = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    pixels.set(digits.pixels.subarray(index * PIXELS, (index + 1) * PIXELS), i * PIXELS);
    labels[i] = digits.labels[index]!;
  }
  return [tensor(toFeatures(pixels), { shape: [indices.length, PIXELS] }), tensor(labels)];
}
