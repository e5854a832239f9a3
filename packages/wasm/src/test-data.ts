// What the kernel tests share: seeded values and window geometries (the package depends on nothing, so
// neither nnts's generator nor its shape arithmetic).
import type { ConvGeometry } from './conv-geometry';

/** A small seeded sequence in [-1, 1). */
export function values(count: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: count }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 2 ** 32) * 2 - 1;
  });
}

export interface WindowCase {
  readonly batch: number;
  readonly input: readonly [number, number, number];
  readonly filters: number;
  readonly kernel: readonly [number, number];
  readonly stride?: readonly [number, number];
  readonly dilation?: readonly [number, number];
  readonly padding?: 'valid' | 'same';
}

/** Keras's output size and padding ('same': out = ceil(in / stride), the odd padding pixel after). */
export function windowGeometry(c: WindowCase): ConvGeometry {
  const [inHeight, inWidth, inChannels] = c.input;
  const [kernelHeight, kernelWidth] = c.kernel;
  const [strideHeight, strideWidth] = c.stride ?? [1, 1];
  const [dilationHeight, dilationWidth] = c.dilation ?? [1, 1];
  const side = (size: number, k: number, s: number, d: number): [number, number] => {
    const reach = (k - 1) * d + 1;
    if (c.padding !== 'same') return [Math.max(0, Math.floor((size - reach) / s) + 1), 0];
    const out = Math.ceil(size / s);
    return [out, Math.floor(Math.max(0, (out - 1) * s + reach - size) / 2)];
  };
  const [outHeight, padTop] = side(inHeight, kernelHeight, strideHeight, dilationHeight);
  const [outWidth, padLeft] = side(inWidth, kernelWidth, strideWidth, dilationWidth);
  return {
    batch: c.batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels: c.filters,
    kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft,
  };
}

/** The geometries the tests walk: strides, 'same' padding, dilations, one channel, odd sizes, a large one. */
export const WINDOW_CASES: readonly WindowCase[] = [
  { batch: 2, input: [28, 28, 1], filters: 6, kernel: [5, 5] },
  { batch: 3, input: [12, 12, 6], filters: 16, kernel: [5, 5] },
  { batch: 2, input: [9, 7, 3], filters: 5, kernel: [3, 3], stride: [2, 2], padding: 'same' },
  { batch: 1, input: [11, 13, 2], filters: 7, kernel: [3, 2], dilation: [2, 3], padding: 'same' },
  { batch: 2, input: [10, 10, 4], filters: 3, kernel: [3, 3], stride: [2, 1], dilation: [1, 2] },
  { batch: 4, input: [7, 5, 1], filters: 1, kernel: [1, 1] },
  { batch: 2, input: [6, 6, 33], filters: 20, kernel: [2, 2], stride: [2, 2] },
  { batch: 3, input: [16, 16, 9], filters: 40, kernel: [3, 3], padding: 'same' },
  { batch: 2, input: [5, 9, 300], filters: 3, kernel: [1, 3], padding: 'same' },
];
