import { describe, expect, it } from 'vitest';
import type { RgbaImage } from './drawing-to-pixels';
import { drawingToPixels } from './drawing-to-pixels';

/** An RGBA image of `size` x `size` with ink (alpha 255) where `inked(x, y)`. */
function image(size: number, inked: (x: number, y: number) => boolean): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (inked(x, y)) data[4 * (y * size + x) + 3] = 255;
  return { data, width: size, height: size };
}

/** An 8x8 pattern ('#' ink) scaled up `scale` times at (left, top) on a canvas of `size`. */
function drawn(rows: readonly string[], scale: number, left: number, top: number, size: number): RgbaImage {
  return image(size, (x, y) => {
    const [column, row] = [Math.floor((x - left) / scale), Math.floor((y - top) / scale)];
    return x >= left && y >= top && rows[row]?.[column] === '#';
  });
}

const SEVEN = ['.######.', '......#.', '.....#..', '.....#..', '....#...', '....#...', '...#....', '...#....'];

function pattern(pixels: Uint8Array): string[] {
  return Array.from({ length: 8 }, (_, row) => Array.from(pixels.subarray(row * 8, row * 8 + 8), (v) => (v === 16 ? '#' : v === 0 ? '.' : '?')).join(''));
}

describe('drawingToPixels', () => {
  it('gives back an 8x8 pattern drawn large, wherever and at whatever size it is drawn', () => {
    for (const [scale, left, top] of [[30, 0, 0], [20, 50, 17], [7, 3, 90]] as const) {
      expect(pattern(drawingToPixels(drawn(SEVEN, scale, left, top, 256))!)).toEqual(SEVEN);
    }
  });

  it('keeps the aspect ratio: a vertical stroke stays a thin 1 in the middle columns', () => {
    // 216 pixels tall, so cells of 27: a stroke 54 wide in the middle fills two columns.
    const pixels = drawingToPixels(image(256, (x, y) => x >= 109 && x < 163 && y >= 20 && y < 236))!;
    expect(pattern(pixels)).toEqual(new Array(8).fill('...##...'));
  });

  it('counts partly inked cells as the share of ink, 0 to 16', () => {
    // Cells of 10 pixels (a full-height strip on the right fixes the scale); ink on 3 of every 10
    // columns of the top row: 16 * 0.3 = 4.8.
    const pixels = drawingToPixels(image(80, (x, y) => (y < 10 && x % 10 < 3) || x >= 70))!;
    expect(Array.from(pixels.subarray(0, 7))).toEqual([5, 5, 5, 5, 5, 5, 5]);
    expect(pixels[8]).toBe(0);
    expect(pixels[7]).toBe(16);
  });

  it('is null for a blank canvas, and rejects bytes that are not a width x height RGBA image', () => {
    expect(drawingToPixels(image(16, () => false))).toBeNull();
    expect(() => drawingToPixels({ data: new Uint8ClampedArray(10), width: 4, height: 4 })).toThrow('drawingToPixels: expected RGBA bytes of a width x height image, got 10 bytes for 4 x 4');
  });
});
