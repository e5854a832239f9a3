import type { ConvGeometry } from '../backend/backend';
import { ShapeError, ValueError } from '../errors';
import type { Shape } from '../shape';
import { formatShape } from '../shape';

/**
 * 'valid': windows only where they fit inside the input. 'same': the input is padded with zeros so
 * that out = ceil(in / stride); the padding is split as TensorFlow splits it, the odd element at the
 * end (bottom, right), so weights trained in Keras give the same outputs here.
 */
export type Padding = 'valid' | 'same';

/**
 * A spatial option given as one number for every axis or one per axis (Keras's `kernel_size=3` or
 * `(3, 5)`), checked to be integers >= `min` and returned as one value per axis.
 */
export function spatialTuple(owner: string, option: string, value: number | readonly number[], rank: number, min = 1): number[] {
  const values = typeof value === 'number' ? new Array<number>(rank).fill(value) : Array.isArray(value) ? [...value] : null;
  if (values === null || values.length !== rank || values.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < min)) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? formatShape(value) : String(value);
    throw new ValueError(`${owner}: ${option} must be an integer >= ${min} or ${rank} of them, got ${shown}`);
  }
  return values;
}

export function assertPadding(owner: string, padding: unknown): asserts padding is Padding {
  if (padding !== 'valid' && padding !== 'same') throw new ValueError(`${owner}: padding must be 'valid' or 'same', got ${JSON.stringify(padding)}`);
}

/**
 * The output length along one axis and the zeros padded before it, as TensorFlow (and so Keras)
 * computes them. Throws when a 'valid' window does not fit the input even once.
 */
export function convAxis(owner: string, axis: string, length: number, kernel: number, stride: number, dilation: number, padding: Padding): { out: number; padBefore: number } {
  const span = (kernel - 1) * dilation + 1;
  if (padding === 'valid') {
    if (length < span) {
      const dilated = dilation > 1 ? `, ${span} with dilation ${dilation}` : '';
      throw new ShapeError(`${owner}: the window (${kernel}${dilated}) is larger than the input's ${axis} (${length}) with 'valid' padding; use padding 'same' or a smaller window`);
    }
    return { out: Math.floor((length - span) / stride) + 1, padBefore: 0 };
  }
  const out = Math.ceil(length / stride);
  const padTotal = Math.max((out - 1) * stride + span - length, 0);
  return { out, padBefore: Math.floor(padTotal / 2) };
}

export interface WindowOptions {
  /** [height, width] of the window: the kernel's or the pool's. */
  readonly window: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: Padding;
  /** Output channels: the filters of a convolution, the input channels for pooling. */
  readonly outChannels: number;
}

/** The geometry of a window sliding over an NHWC batch `inputShape` [batch, height, width, channels]. */
export function windowGeometry(owner: string, inputShape: Shape, options: WindowOptions): ConvGeometry {
  if (inputShape.length !== 4) throw new ShapeError(`${owner}: expected an NHWC batch [batch, height, width, channels], got ${formatShape(inputShape)}`);
  const [batch, inHeight, inWidth, inChannels] = inputShape as [number, number, number, number];
  if (inHeight === 0 || inWidth === 0 || inChannels === 0) throw new ShapeError(`${owner}: the input ${formatShape(inputShape)} has an empty spatial or channel axis`);
  const [kernelHeight, kernelWidth] = options.window;
  const [strideHeight, strideWidth] = options.strides;
  const [dilationHeight, dilationWidth] = options.dilation;
  const rows = convAxis(owner, 'height', inHeight, kernelHeight, strideHeight, dilationHeight, options.padding);
  const columns = convAxis(owner, 'width', inWidth, kernelWidth, strideWidth, dilationWidth, options.padding);
  return {
    batch, inHeight, inWidth, inChannels, outHeight: rows.out, outWidth: columns.out, outChannels: options.outChannels,
    kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop: rows.padBefore, padLeft: columns.padBefore,
  };
}

export function outputShapeOf(g: ConvGeometry): [number, number, number, number] {
  return [g.batch, g.outHeight, g.outWidth, g.outChannels];
}
