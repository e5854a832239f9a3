import { ValueError } from '@nnts/tensor';

/** An image as a canvas gives it: RGBA bytes, row-major (ImageData has this shape). */
export interface RgbaImage {
  readonly data: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
}

/** Grid of the data set's images. */
const GRID = 8;
/** Alpha from which a canvas pixel counts as ink (the pen's edges are anti-aliased). */
const INK_ALPHA = 128;

/**
 * A drawing as the data set's images are made, or null when nothing is drawn. The 8x8 digits (UCI
 * optdigits) were scanned to 32x32 bitmaps, size-normalised, and each pixel is the count of ink
 * pixels in a 4x4 block, 0-16. Here the ink's bounding box is centred in a square (keeping the
 * aspect ratio, so a 1 stays thin) that is cut into 8x8 cells, and each pixel is 16 times the share
 * of ink in its cell, rounded: the same count, on a finer bitmap.
 *
 * @example
 * const pixels = drawingToPixels(context.getImageData(0, 0, canvas.width, canvas.height));
 */
export function drawingToPixels(image: RgbaImage): Uint8Array | null {
  const { data, width, height } = image;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || data.length !== width * height * 4) {
    throw new ValueError(`drawingToPixels: expected RGBA bytes of a width x height image, got ${data.length} bytes for ${width} x ${height}`);
  }
  const ink = (x: number, y: number): boolean => data[4 * (y * width + x) + 3]! >= INK_ALPHA;
  let [left, right, top, bottom] = [width, -1, height, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!ink(x, y)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) return null;
  const side = Math.max(right - left + 1, bottom - top + 1);
  // The square's corner, so that the ink's box sits in its middle; it may reach past the canvas,
  // where there is no ink.
  const x0 = (left + right + 1 - side) / 2;
  const y0 = (top + bottom + 1 - side) / 2;
  const inked = new Float64Array(GRID * GRID);
  const area = new Float64Array(GRID * GRID);
  for (let y = Math.floor(y0); y < y0 + side; y++) {
    const row = Math.min(GRID - 1, Math.max(0, Math.floor(((y + 0.5 - y0) * GRID) / side)));
    for (let x = Math.floor(x0); x < x0 + side; x++) {
      const cell = row * GRID + Math.min(GRID - 1, Math.max(0, Math.floor(((x + 0.5 - x0) * GRID) / side)));
      area[cell]!++;
      if (x >= 0 && x < width && y >= 0 && y < height && ink(x, y)) inked[cell]!++;
    }
  }
  const pixels = new Uint8Array(GRID * GRID);
  for (let i = 0; i < pixels.length; i++) pixels[i] = area[i]! > 0 ? Math.round((16 * inked[i]!) / area[i]!) : 0;
  return pixels;
}
