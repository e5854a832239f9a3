import { ValueError, tensor } from '@nnts/tensor';
import type { Sequential } from '@nnts/train';
import { PIXELS } from './digits-format';
import { toFeatures } from './features';

/** What the network reads in one image: the most probable digit and every digit's probability. */
export interface DigitPrediction {
  readonly label: number;
  readonly probabilities: readonly number[];
}

/** The network's reading of one 8x8 image of 0-16 pixels. */
export function predictDigit(model: Sequential, pixels: ArrayLike<number>): DigitPrediction {
  if (pixels.length !== PIXELS) throw new ValueError(`predictDigit: expected ${PIXELS} pixels, got ${pixels.length}`);
  const probabilities = Array.from(model.predict(tensor(toFeatures(pixels), { shape: [1, PIXELS] })).data);
  let label = 0;
  for (let d = 1; d < probabilities.length; d++) if (probabilities[d]! > probabilities[label]!) label = d;
  return { label, probabilities };
}
