import { describe, expect, it } from 'vitest';
import type { ConvGeometry } from './conv-geometry';
import { inputSize, outputSize } from './conv-geometry';
import { loadWasmKernels } from './kernels';
import type { WindowCase } from './test-data';
import { WINDOW_CASES, values, windowGeometry } from './test-data';

// The references are @nnts/tensor's TypeScript kernels written out plainly: JavaScript numbers (doubles)
// for sums and shares, stored into Float32Arrays, the arithmetic the wasm kernels must give bit for bit.

/** The input offsets of output element o's window taps inside the input, in row-major window order. */
function taps(g: ConvGeometry, o: number): number[] {
  const c = o % g.outChannels;
  const pixel = (o - c) / g.outChannels;
  const ow = pixel % g.outWidth;
  const oh = Math.floor(pixel / g.outWidth) % g.outHeight;
  const b = Math.floor(pixel / (g.outWidth * g.outHeight));
  const at: number[] = [];
  for (let i = 0; i < g.kernelHeight; i++) {
    const ih = oh * g.strideHeight - g.padTop + i * g.dilationHeight;
    for (let j = 0; j < g.kernelWidth; j++) {
      const iw = ow * g.strideWidth - g.padLeft + j * g.dilationWidth;
      if (ih >= 0 && ih < g.inHeight && iw >= 0 && iw < g.inWidth) at.push(((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels + c);
    }
  }
  return at;
}

function references(g: ConvGeometry, x: Float32Array, dy: Float32Array) {
  const max = new Float32Array(outputSize(g));
  const indices = new Int32Array(max.length);
  const mean = new Float32Array(max.length);
  const dxMean = new Float32Array(inputSize(g));
  for (let o = 0; o < max.length; o++) {
    let best = -Infinity;
    let bestAt = -1;
    let sum = 0;
    const window = taps(g, o);
    for (const at of window) {
      if (bestAt < 0 || x[at]! > best) [best, bestAt] = [x[at]!, at];
      sum += x[at]!;
    }
    [max[o], indices[o], mean[o]] = [best, bestAt, sum / window.length];
    for (const at of window) dxMean[at] += dy[o]! / window.length;
  }
  const dxMax = new Float32Array(inputSize(g));
  for (let o = 0; o < dy.length; o++) dxMax[indices[o]!] += dy[o]!;
  return { max, indices, mean, dxMean, dxMax };
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

const POOL_CASES: readonly WindowCase[] = [
  ...WINDOW_CASES.map((c) => ({ ...c, filters: c.input[2] })),
  { batch: 16, input: [32, 32, 8], filters: 8, kernel: [3, 3], padding: 'same' },
  { batch: 16, input: [24, 24, 6], filters: 6, kernel: [2, 2], stride: [2, 2] },
  { batch: 3, input: [5, 5, 2], filters: 2, kernel: [3, 3], stride: [1, 1], padding: 'same' },
];

describe('the WebAssembly pooling kernels', () => {
  const one = loadWasmKernels({ threads: 1 });
  const two = loadWasmKernels({ threads: 2 });

  it('give the TypeScript kernels\' bits, forward and backward, from the one- and two-thread modules: windows with padding, strides, dilations, ties and NaN', () => {
    for (const [n, c] of POOL_CASES.entries()) {
      const g = windowGeometry(c);
      const x = values(inputSize(g), 5 + n).map((v, i) => (i % 7 === 3 ? 0.25 : i % 97 === 50 ? Number.NaN : v));
      const dy = values(outputSize(g), 6 + n);
      const expected = references(g, x, dy);
      for (const kernels of [one, two]) {
        const label = `${kernels.details} ${JSON.stringify(c)}`;
        const max = new Float32Array(outputSize(g)).fill(7);
        const indices = new Int32Array(max.length).fill(-7);
        kernels.maxPool2dF32(x, max, indices, g);
        expect(sameBits(max, expected.max), `max ${label}`).toBe(true);
        expect(sameBits(indices, expected.indices), `indices ${label}`).toBe(true);
        const maxOnly = new Float32Array(max.length);
        kernels.maxPool2dF32(x, maxOnly, null, g);
        expect(sameBits(maxOnly, expected.max), `max without indices ${label}`).toBe(true);
        const mean = new Float32Array(max.length).fill(7);
        kernels.avgPool2dF32(x, mean, g);
        expect(sameBits(mean, expected.mean), `mean ${label}`).toBe(true);
        const dxMean = new Float32Array(inputSize(g)).fill(7);
        kernels.avgPool2dBackpropF32(dy, dxMean, g);
        expect(sameBits(dxMean, expected.dxMean), `mean gradient ${label}`).toBe(true);
        const dxMax = new Float32Array(inputSize(g)).fill(7);
        expect(kernels.maxPool2dBackpropF32(dy, expected.indices, dxMax)).toBe(true);
        expect(sameBits(dxMax, expected.dxMax), `max gradient ${label}`).toBe(true);
      }
    }
  });

  it('refuse indices outside dx, writing nothing', () => {
    const kernels = loadWasmKernels({ threads: 1 });
    for (const bad of [-1, 6, 2 ** 31 - 1]) {
      const dx = new Float32Array(6).fill(3);
      expect(kernels.maxPool2dBackpropF32(new Float32Array([1, 2]), new Int32Array([0, bad]), dx)).toBe(false);
      expect(Array.from(dx)).toEqual([3, 3, 3, 3, 3, 3]);
    }
    const dx = new Float32Array(6).fill(3);
    expect(kernels.maxPool2dBackpropF32(new Float32Array([1, 2]), new Int32Array([0]), dx)).toBe(false);
    expect(kernels.maxPool2dBackpropF32(new Float32Array([1, 2, 4]), new Int32Array([5, 0, 5]), dx)).toBe(true);
    expect(Array.from(dx)).toEqual([2, 0, 0, 0, 0, 5]);
  });
});
