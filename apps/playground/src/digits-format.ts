// The page's copy of the bundled 8x8 digits. @nnts/datasets reads them from a gzipped CSV with Node's
// file system, which a page does not have, so the build script loads them there and writes them as
// bytes: one record per image, its 64 pixels (0-16) then its label (0-9). 1,797 images take 117 KB.
import { ValueError } from '@nnts/tensor';

/** Pixels per image: 8 rows of 8. */
export const PIXELS = 64;
const RECORD = PIXELS + 1;

/** The digits as the page uses them: pixels row-major, image after image, and one label per image. */
export interface Digits {
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

/** The bytes of digits.bin for `pixels` (64 values in 0-16 per image, row-major) and their labels. */
export function encodeDigits(pixels: ArrayLike<number>, labels: ArrayLike<number>): Uint8Array {
  if (pixels.length !== labels.length * PIXELS) throw new ValueError(`encodeDigits: ${pixels.length} pixels for ${labels.length} labels, expected ${labels.length * PIXELS}`);
  const bytes = new Uint8Array(labels.length * RECORD);
  for (let i = 0; i < labels.length; i++) {
    for (let p = 0; p < PIXELS; p++) bytes[i * RECORD + p] = checked(pixels[i * PIXELS + p]!, 16, `pixel ${p} of image ${i}`);
    bytes[i * RECORD + PIXELS] = checked(labels[i]!, 9, `label of image ${i}`);
  }
  return bytes;
}

/** The digits in the bytes of digits.bin; throws on a truncated file or a value out of range. */
export function decodeDigits(bytes: Uint8Array): Digits {
  if (bytes.length === 0 || bytes.length % RECORD !== 0) throw new ValueError(`decodeDigits: ${bytes.length} bytes is not a whole number of ${RECORD}-byte records`);
  const count = bytes.length / RECORD;
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < PIXELS; p++) pixels[i * PIXELS + p] = checked(bytes[i * RECORD + p]!, 16, `pixel ${p} of image ${i}`);
    labels[i] = checked(bytes[i * RECORD + PIXELS]!, 9, `label of image ${i}`);
  }
  return { pixels, labels };
}

function checked(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new ValueError(`digits: ${what} is ${value}, expected an integer in [0, ${max}]`);
  return value;
}
