import { getBackend } from '../backend/active-backend';
import type { ConvGeometry } from '../backend/backend';
import { ShapeError, ValueError } from '../errors';
import { assertKnownOptions } from '../options';
import type { Shape } from '../shape';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';
import { assertNoSharedStorage, assertOutputGradient } from './conv';
import type { Padding } from './conv-geometry';
import { assertPadding, outputShapeOf, spatialTuple, windowGeometry } from './conv-geometry';
import type { OutOption } from './out';
import { assertSameDType, resolveOut } from './out';

export interface Pool2DOptions extends OutOption {
  /** The window, one number or [height, width]; 2 by default. */
  readonly poolSize?: number | readonly [number, number];
  /** Steps between windows; the pool size by default (windows side by side, as in Keras). */
  readonly strides?: number | readonly [number, number];
  /** 'valid' (the default) or 'same'. */
  readonly padding?: Padding;
}

export interface MaxPool2DOptions extends Pool2DOptions {
  /** Filled with the flat index into x of each output's maximum: what maxPool2dBackprop routes gradients by. */
  readonly indices?: Int32Array;
}

const KNOWN = ['poolSize', 'strides', 'padding', 'out'];

/** The geometry of a pooling window over the NHWC batch `inputShape`. */
export function pool2dGeometry(operation: string, inputShape: Shape, options: Pool2DOptions): ConvGeometry {
  const window = spatialTuple(operation, 'poolSize', options.poolSize ?? 2, 2) as [number, number];
  const padding = options.padding ?? 'valid';
  assertPadding(operation, padding);
  return windowGeometry(operation, inputShape, {
    window,
    strides: spatialTuple(operation, 'strides', options.strides ?? window, 2) as [number, number],
    dilation: [1, 1],
    padding,
    outChannels: inputShape[3] ?? 0,
  });
}

/**
 * The maximum of every window of each channel of an NHWC batch.
 *
 * @example
 * maxPool2d(featureMaps, { poolSize: 2 }); // [64, 28, 28, 6] -> [64, 14, 14, 6]
 */
export function maxPool2d(x: Tensor, options: MaxPool2DOptions = {}): Tensor {
  assertKnownOptions('maxPool2d', options, [...KNOWN, 'indices']);
  const g = pool2dGeometry('maxPool2d', x.shape, options);
  const out = resolveOut(options.out, outputShapeOf(g), x.dtype, 'maxPool2d');
  assertNoSharedStorage('maxPool2d', out, [x]);
  const { indices } = options;
  if (indices !== undefined) {
    if (!(indices instanceof Int32Array) || indices.length !== out.size) throw new ValueError(`maxPool2d: indices must be an Int32Array of ${out.size} values, one per output`);
    if (x.size > 0x7fffffff) throw new ShapeError(`maxPool2d: indices cannot address an input of ${x.size} elements (at most 2^31 - 1)`);
  }
  getBackend().maxPool2d(x.data, out.data, indices ?? null, g);
  return out;
}

/** dL/dx of maxPool2d: each output's gradient goes to the input element that was its maximum. */
export function maxPool2dBackprop(dy: Tensor, indices: Int32Array, inputShape: Shape, options: OutOption = {}): Tensor {
  assertKnownOptions('maxPool2dBackprop', options, ['out']);
  if (!(indices instanceof Int32Array) || indices.length !== dy.size) throw new ValueError(`maxPool2dBackprop: indices must be the Int32Array of ${dy.size} values maxPool2d filled`);
  const dx = resolveOut(options.out, inputShape, dy.dtype, 'maxPool2dBackprop');
  assertNoSharedStorage('maxPool2dBackprop', dx, [dy]);
  if (!getBackend().maxPool2dBackprop(dy.data, indices, dx.data)) throw outsideIndex(indices, dx.size, inputShape);
  return dx;
}

/** The error for the first index outside an input of `size` elements. */
function outsideIndex(indices: Int32Array, size: number, inputShape: Shape): ValueError {
  const o = indices.findIndex((index) => !(index >= 0 && index < size));
  return new ValueError(`maxPool2dBackprop: index ${indices[o]} at ${o} is outside the input ${formatShape(inputShape)}`);
}

/**
 * The mean of every window of each channel of an NHWC batch, over the input elements the window
 * covers ('same' padding is not counted, as in TensorFlow).
 */
export function avgPool2d(x: Tensor, options: Pool2DOptions = {}): Tensor {
  assertKnownOptions('avgPool2d', options, KNOWN);
  const g = pool2dGeometry('avgPool2d', x.shape, options);
  const out = resolveOut(options.out, outputShapeOf(g), x.dtype, 'avgPool2d');
  assertNoSharedStorage('avgPool2d', out, [x]);
  getBackend().avgPool2d(x.data, out.data, g);
  return out;
}

/** dL/dx of avgPool2d for an input of `inputShape`: each output's gradient shared evenly over its window. */
export function avgPool2dBackprop(dy: Tensor, inputShape: Shape, options: Pool2DOptions = {}): Tensor {
  assertKnownOptions('avgPool2dBackprop', options, KNOWN);
  const g = pool2dGeometry('avgPool2dBackprop', inputShape, options);
  assertOutputGradient('avgPool2dBackprop', dy, g);
  const dx = resolveOut(options.out, inputShape, dy.dtype, 'avgPool2dBackprop');
  assertSameDType(dy, dx, 'avgPool2dBackprop');
  assertNoSharedStorage('avgPool2dBackprop', dx, [dy]);
  getBackend().avgPool2dBackprop(dy.data, dx.data, g);
  return dx;
}
