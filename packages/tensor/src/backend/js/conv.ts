import type { FloatArray } from '../../dtype';
import type { ConvGeometry } from '../backend';
import { forEachOutputPixel, forEachTap } from './windows';

// Convolution in plain loops: the reference every other backend is tested against, written to be
// read. Output pixel (b, oh, ow) is the sum, over every kernel tap (i, j) that lands inside the input,
// of the input pixel under the tap times the kernel's [inChannels, outChannels] matrix at (i, j). The
// innermost loops walk channels, which are contiguous both in NHWC data and in the kernel layout
// [kernelHeight, kernelWidth, inChannels, outChannels]. Sums are kept in doubles, like every kernel of
// this backend, in scratch arrays reused between calls.

let pixelSums: Float64Array = new Float64Array(0);
let inputSums: Float64Array = new Float64Array(0);
let kernelSums: Float64Array = new Float64Array(0);

function grow(buffer: Float64Array, length: number): Float64Array {
  return buffer.length >= length ? buffer : new Float64Array(length);
}

export function conv2d(x: FloatArray, kernel: FloatArray, bias: FloatArray | null, out: FloatArray, g: ConvGeometry): void {
  const { inChannels, outChannels } = g;
  const sums = (pixelSums = grow(pixelSums, outChannels));
  forEachOutputPixel(g, (b, oh, ow, outAt) => {
    sums.fill(0, 0, outChannels);
    forEachTap(g, b, oh, ow, (xAt, tap) => {
      const kAt = tap * inChannels * outChannels;
      for (let c = 0; c < inChannels; c++) {
        const v = x[xAt + c]!;
        const row = kAt + c * outChannels;
        for (let f = 0; f < outChannels; f++) sums[f] += v * kernel[row + f]!;
      }
    });
    for (let f = 0; f < outChannels; f++) out[outAt + f] = bias ? sums[f]! + bias[f]! : sums[f]!;
  });
}

/** Each tap sent x[pixel] @ kernel[tap] forward; backward sends dy[pixel] @ kernel[tap]ᵀ back to that input pixel. */
export function conv2dBackpropInput(dy: FloatArray, kernel: FloatArray, dx: FloatArray, g: ConvGeometry): void {
  const { inChannels, outChannels } = g;
  const sums = (inputSums = grow(inputSums, dx.length));
  sums.fill(0, 0, dx.length);
  forEachOutputPixel(g, (b, oh, ow, outAt) => {
    forEachTap(g, b, oh, ow, (xAt, tap) => {
      const kAt = tap * inChannels * outChannels;
      for (let c = 0; c < inChannels; c++) {
        const row = kAt + c * outChannels;
        let s = 0;
        for (let f = 0; f < outChannels; f++) s += dy[outAt + f]! * kernel[row + f]!;
        sums[xAt + c] += s;
      }
    });
  });
  for (let i = 0; i < dx.length; i++) dx[i] = sums[i]!;
}

/** dL/d(kernel[tap]) sums the outer products x[pixel]ᵀ·dy[pixel] over every pixel the tap touched. */
export function conv2dBackpropFilter(x: FloatArray, dy: FloatArray, dkernel: FloatArray, g: ConvGeometry): void {
  const { inChannels, outChannels } = g;
  const sums = (kernelSums = grow(kernelSums, dkernel.length));
  sums.fill(0, 0, dkernel.length);
  forEachOutputPixel(g, (b, oh, ow, outAt) => {
    forEachTap(g, b, oh, ow, (xAt, tap) => {
      const kAt = tap * inChannels * outChannels;
      for (let c = 0; c < inChannels; c++) {
        const v = x[xAt + c]!;
        const row = kAt + c * outChannels;
        for (let f = 0; f < outChannels; f++) sums[row + f] += v * dy[outAt + f]!;
      }
    });
  });
  for (let i = 0; i < dkernel.length; i++) dkernel[i] = sums[i]!;
}
