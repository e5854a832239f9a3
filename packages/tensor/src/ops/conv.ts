import { getBackend } from '../backend/active-backend';
import type { ConvGeometry } from '../backend/backend';
import { ShapeError } from '../errors';
import { assertKnownOptions } from '../options';
import type { Shape } from '../shape';
import { formatShape, sameShape } from '../shape';
import type { Tensor } from '../tensor';
import type { Padding } from './conv-geometry';
import { assertPadding, outputShapeOf, spatialTuple, windowGeometry } from './conv-geometry';
import type { OutOption } from './out';
import { assertSameDType, resolveOut } from './out';

export interface Conv2DOptions extends OutOption {
  /** Steps between windows, one number or [height, width]; 1 by default. */
  readonly strides?: number | readonly [number, number];
  /** 'valid' (the default) or 'same'. */
  readonly padding?: Padding;
  /** Spacing between kernel taps (atrous convolution), one number or [height, width]; 1 by default. */
  readonly dilationRate?: number | readonly [number, number];
  /** One value per filter, added to every output pixel (conv2d only). */
  readonly bias?: Tensor;
}

const KNOWN = ['strides', 'padding', 'dilationRate', 'out'];

/** The geometry of `kernelShape` [kh, kw, inChannels, filters] over the NHWC batch `inputShape`. */
export function conv2dGeometry(operation: string, inputShape: Shape, kernelShape: Shape, options: Conv2DOptions): ConvGeometry {
  if (kernelShape.length !== 4) throw new ShapeError(`${operation}: the kernel must be [kernelHeight, kernelWidth, inChannels, filters], got ${formatShape(kernelShape)}`);
  const [kh, kw, inChannels, filters] = kernelShape as [number, number, number, number];
  if (inputShape.length === 4 && inputShape[3] !== inChannels) {
    throw new ShapeError(`${operation}: the input ${formatShape(inputShape)} has ${inputShape[3]} channels but the kernel ${formatShape(kernelShape)} expects ${inChannels}`);
  }
  if (kh < 1 || kw < 1 || filters < 1) throw new ShapeError(`${operation}: the kernel ${formatShape(kernelShape)} has an empty axis`);
  const padding = options.padding ?? 'valid';
  assertPadding(operation, padding);
  return windowGeometry(operation, inputShape, {
    window: [kh, kw],
    strides: spatialTuple(operation, 'strides', options.strides ?? 1, 2) as [number, number],
    dilation: spatialTuple(operation, 'dilationRate', options.dilationRate ?? 1, 2) as [number, number],
    padding,
    outChannels: filters,
  });
}

/**
 * 2-D convolution of an NHWC batch x [batch, height, width, inChannels] with a kernel
 * [kernelHeight, kernelWidth, inChannels, filters] (Keras's and TensorFlow's layouts), giving
 * [batch, outHeight, outWidth, filters]. As in every deep-learning library it is a cross-correlation:
 * out[b, oh, ow, f] = Σ_{i, j, c} x[b, oh·s - pad + i·d, ow·s - pad + j·d, c] · kernel[i, j, c, f].
 *
 * @example
 * const y = conv2d(images, kernel, { strides: 2, padding: 'same', bias }); // [64, 28, 28, 1] -> [64, 14, 14, filters]
 */
export function conv2d(x: Tensor, kernel: Tensor, options: Conv2DOptions = {}): Tensor {
  assertKnownOptions('conv2d', options, [...KNOWN, 'bias']);
  assertSameDType(x, kernel, 'conv2d');
  const g = conv2dGeometry('conv2d', x.shape, kernel.shape, options);
  const out = resolveOut(options.out, outputShapeOf(g), x.dtype, 'conv2d');
  const { bias } = options;
  if (bias) {
    if (bias.rank !== 1 || bias.shape[0] !== g.outChannels) throw new ShapeError(`conv2d: bias ${formatShape(bias.shape)} must be a vector of ${g.outChannels} values, one per filter`);
    assertSameDType(x, bias, 'conv2d');
  }
  assertNoSharedStorage('conv2d', out, [x, kernel, ...(bias ? [bias] : [])]);
  getBackend().conv2d(x.data, kernel.data, bias ? bias.data : null, out.data, g);
  return out;
}

/** dL/dx of conv2d for an input of `inputShape`, given dy = dL/d(output): what a layer's backward pass needs. */
export function conv2dBackpropInput(dy: Tensor, kernel: Tensor, inputShape: Shape, options: Conv2DOptions = {}): Tensor {
  assertKnownOptions('conv2dBackpropInput', options, KNOWN);
  assertSameDType(dy, kernel, 'conv2dBackpropInput');
  const g = conv2dGeometry('conv2dBackpropInput', inputShape, kernel.shape, options);
  assertOutputGradient('conv2dBackpropInput', dy, g);
  const dx = resolveOut(options.out, inputShape, dy.dtype, 'conv2dBackpropInput');
  assertNoSharedStorage('conv2dBackpropInput', dx, [dy, kernel]);
  getBackend().conv2dBackpropInput(dy.data, kernel.data, dx.data, g);
  return dx;
}

/** dL/d(kernel) of conv2d for a kernel of `kernelShape`, given its input x and dy = dL/d(output). */
export function conv2dBackpropFilter(x: Tensor, dy: Tensor, kernelShape: Shape, options: Conv2DOptions = {}): Tensor {
  assertKnownOptions('conv2dBackpropFilter', options, KNOWN);
  assertSameDType(x, dy, 'conv2dBackpropFilter');
  const g = conv2dGeometry('conv2dBackpropFilter', x.shape, kernelShape, options);
  assertOutputGradient('conv2dBackpropFilter', dy, g);
  const dkernel = resolveOut(options.out, kernelShape, x.dtype, 'conv2dBackpropFilter');
  assertNoSharedStorage('conv2dBackpropFilter', dkernel, [x, dy]);
  getBackend().conv2dBackpropFilter(x.data, dy.data, dkernel.data, g);
  return dkernel;
}

export function assertOutputGradient(operation: string, dy: Tensor, g: ConvGeometry): void {
  const expected = outputShapeOf(g);
  if (!sameShape(dy.shape, expected)) throw new ShapeError(`${operation}: the output gradient ${formatShape(dy.shape)} does not match the output ${formatShape(expected)}`);
}

export function assertNoSharedStorage(operation: string, out: Tensor, inputs: readonly Tensor[]): void {
  if (inputs.some((t) => t.data.buffer === out.data.buffer)) throw new ShapeError(`${operation}: out must not share storage with an input`);
}
