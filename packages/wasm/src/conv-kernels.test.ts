import { describe, expect, it } from 'vitest';
import type { ConvGeometry } from './conv-geometry';
import { inputSize, kernelSize, outputSize } from './conv-geometry';
import { loadWasmKernels } from './kernels';
import { WINDOW_CASES, values, windowGeometry } from './test-data';

/** Calls visit(outAt, xAt, kAt) for every tap of every output pixel inside the input: the definition, in doubles. */
function forEachProduct(g: ConvGeometry, visit: (outAt: number, xAt: number, kAt: number) => void): void {
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let i = 0; i < g.kernelHeight; i++) {
          const ih = oh * g.strideHeight - g.padTop + i * g.dilationHeight;
          for (let j = 0; j < g.kernelWidth; j++) {
            const iw = ow * g.strideWidth - g.padLeft + j * g.dilationWidth;
            if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) continue;
            const outAt = ((b * g.outHeight + oh) * g.outWidth + ow) * g.outChannels;
            const xAt = ((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels;
            visit(outAt, xAt, (i * g.kernelWidth + j) * g.inChannels * g.outChannels);
          }
        }
      }
    }
  }
}

function references(g: ConvGeometry, x: Float32Array, kernel: Float32Array, bias: Float32Array, dy: Float32Array) {
  const out = new Float64Array(outputSize(g));
  const dx = new Float64Array(inputSize(g));
  const dkernel = new Float64Array(kernelSize(g));
  for (let o = 0; o < out.length; o++) out[o] = bias[o % g.outChannels]!;
  forEachProduct(g, (outAt, xAt, kAt) => {
    for (let c = 0; c < g.inChannels; c++) {
      for (let f = 0; f < g.outChannels; f++) {
        const w = kAt + c * g.outChannels + f;
        out[outAt + f] += x[xAt + c]! * kernel[w]!;
        dx[xAt + c] += dy[outAt + f]! * kernel[w]!;
        dkernel[w] += x[xAt + c]! * dy[outAt + f]!;
      }
    }
  });
  return { out, dx, dkernel };
}

/** Each element within float32 rounding of a sum of `terms` products of values below 1. */
function expectClose(actual: Float32Array, expected: Float64Array, terms: number, label: string): void {
  expect(actual.length).toBe(expected.length);
  const tolerance = 2e-6 * (1 + Math.sqrt(terms));
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= tolerance)) expect.fail(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

const sameBits = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('the WebAssembly convolutions', () => {
  const one = loadWasmKernels({ threads: 1 });
  const two = loadWasmKernels({ threads: 2 });

  it('agree with the definition to float32 rounding: forward with bias, input and filter gradients, across strides, padding, dilations and channel counts', () => {
    for (const [n, c] of WINDOW_CASES.entries()) {
      const g = windowGeometry(c);
      const label = JSON.stringify(c);
      const x = values(inputSize(g), 1 + n);
      const kernel = values(kernelSize(g), 2 + n);
      const bias = values(g.outChannels, 3 + n);
      const dy = values(outputSize(g), 4 + n);
      const expected = references(g, x, kernel, bias, dy);
      const out = new Float32Array(outputSize(g)).fill(Number.NaN);
      one.conv2dF32(x, kernel, bias, out, g);
      expectClose(out, expected.out, g.kernelHeight * g.kernelWidth * g.inChannels, `forward ${label}`);
      const unbiased = new Float32Array(out.length);
      one.conv2dF32(x, kernel, null, unbiased, g);
      expect(unbiased.every((v, i) => Math.abs(v + bias[i % g.outChannels]! - out[i]!) <= 1e-5), `no bias ${label}`).toBe(true);
      const dx = new Float32Array(inputSize(g)).fill(Number.NaN);
      one.conv2dBackpropInputF32(dy, kernel, dx, g);
      expectClose(dx, expected.dx, g.kernelHeight * g.kernelWidth * g.outChannels, `input gradient ${label}`);
      const dkernel = new Float32Array(kernelSize(g)).fill(Number.NaN);
      one.conv2dBackpropFilterF32(x, dy, dkernel, g);
      expectClose(dkernel, expected.dkernel, g.batch * g.outHeight * g.outWidth, `filter gradient ${label}`);
    }
  });

  it('give the same bits on two threads as on one, on batches large enough to split (2^20 multiply-adds)', () => {
    expect(two.details).toBe('simd128, 2 threads');
    for (const [n, c] of [...WINDOW_CASES, { batch: 32, input: [28, 28, 1], filters: 6, kernel: [5, 5], padding: 'same' } as const].entries()) {
      const g = windowGeometry({ ...c, batch: 32 });
      const x = values(inputSize(g), 10 + n);
      const kernel = values(kernelSize(g), 20 + n);
      const bias = values(g.outChannels, 30 + n);
      const dy = values(outputSize(g), 40 + n);
      const run = (kernels: typeof one) => {
        const out = new Float32Array(outputSize(g));
        const dx = new Float32Array(inputSize(g));
        const dkernel = new Float32Array(kernelSize(g));
        kernels.conv2dF32(x, kernel, bias, out, g);
        kernels.conv2dBackpropInputF32(dy, kernel, dx, g);
        kernels.conv2dBackpropFilterF32(x, dy, dkernel, g);
        return { out, dx, dkernel };
      };
      const [single, both] = [run(one), run(two)];
      const label = JSON.stringify(c);
      expect(sameBits(both.out, single.out), `forward ${label}`).toBe(true);
      expect(sameBits(both.dx, single.dx), `input gradient ${label}`).toBe(true);
      expect(sameBits(both.dkernel, single.dkernel), `filter gradient ${label}`).toBe(true);
    }
  });

  it('sum nothing over an empty batch: the filter gradient is zero', () => {
    const g = windowGeometry({ batch: 0, input: [5, 5, 2], filters: 3, kernel: [3, 3] });
    const dkernel = new Float32Array(kernelSize(g)).fill(Number.NaN);
    one.conv2dBackpropFilterF32(new Float32Array(0), new Float32Array(0), dkernel, g);
    expect(Array.from(dkernel)).toEqual(new Array(kernelSize(g)).fill(0));
  });
});
