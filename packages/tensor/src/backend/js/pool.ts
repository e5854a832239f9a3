import type { FloatArray } from '../../dtype';
import type { ConvGeometry } from '../backend';
import { forEachOutputPixel, forEachTap } from './windows';

// Pooling in plain loops: each output element looks at its window of one channel. Windows never lie
// wholly in the padding ('same' pads less than a window), and padded positions are skipped: they
// never win a maximum and are not counted in a mean, as in TensorFlow.

/** Calls visit(o, c, b, oh, ow) for every output element o: channel c of output pixel (b, oh, ow). */
function forEachOutput(g: ConvGeometry, visit: (o: number, c: number, b: number, oh: number, ow: number) => void): void {
  forEachOutputPixel(g, (b, oh, ow, outAt) => {
    for (let c = 0; c < g.outChannels; c++) visit(outAt + c, c, b, oh, ow);
  });
}

export function maxPool2d(x: FloatArray, out: FloatArray, indices: Int32Array | null, g: ConvGeometry): void {
  forEachOutput(g, (o, c, b, oh, ow) => {
    let best = -Infinity;
    let bestAt = -1;
    forEachTap(g, b, oh, ow, (pixelAt) => {
      const at = pixelAt + c;
      if (bestAt < 0 || x[at]! > best) {
        best = x[at]!;
        bestAt = at;
      }
    });
    out[o] = best;
    if (indices) indices[o] = bestAt;
  });
}

export function maxPool2dBackprop(dy: FloatArray, indices: Int32Array, dx: FloatArray): boolean {
  for (let o = 0; o < dy.length; o++) if (!(indices[o]! >= 0 && indices[o]! < dx.length)) return false;
  dx.fill(0);
  for (let o = 0; o < dy.length; o++) dx[indices[o]!] += dy[o]!;
  return true;
}

export function avgPool2d(x: FloatArray, out: FloatArray, g: ConvGeometry): void {
  forEachOutput(g, (o, c, b, oh, ow) => {
    let sum = 0;
    let count = 0;
    forEachTap(g, b, oh, ow, (pixelAt) => {
      const at = pixelAt + c;
      sum += x[at]!;
      count++;
    });
    out[o] = sum / count;
  });
}

export function avgPool2dBackprop(dy: FloatArray, dx: FloatArray, g: ConvGeometry): void {
  dx.fill(0);
  forEachOutput(g, (o, c, b, oh, ow) => {
    let count = 0;
    forEachTap(g, b, oh, ow, () => count++);
    const share = dy[o]! / count;
    forEachTap(g, b, oh, ow, (pixelAt) => {
      const at = pixelAt + c;
      dx[at] += share;
    });
  });
}
