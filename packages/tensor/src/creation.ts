import type { DType, FloatArray } from './dtype';
import { DEFAULT_DTYPE, allocate, assertDType, dtypeOf } from './dtype';
import { ShapeError, ValueError } from './errors';
import type { Shape } from './shape';
import { assertValidShape, formatShape, sizeOf } from './shape';
import type { NestedArray } from './tensor';
import { Tensor } from './tensor';

export interface DTypeOption {
  readonly dtype?: DType;
}

/**
 * Builds a tensor from nested arrays, a typed array (with `shape`, default 1-D) or a single number.
 * Nested arrays must be rectangular. A typed array is copied into the requested dtype.
 *
 * @example
 * tensor([[1, 2], [3, 4]]); // shape [2, 2], float32
 * tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }); // float64
 */
export function tensor(
  values: number | NestedArray | FloatArray | readonly number[],
  options: DTypeOption & { readonly shape?: Shape } = {},
): Tensor {
  if (typeof values === 'number') {
    const dtype = options.dtype ?? DEFAULT_DTYPE;
    assertDType(dtype);
    const data = allocate(dtype, 1);
    data[0] = values;
    return new Tensor(data, options.shape ?? []);
  }
  if (values instanceof Float32Array || values instanceof Float64Array) {
    const dtype = options.dtype ?? dtypeOf(values);
    assertDType(dtype);
    const data = allocate(dtype, values.length);
    data.set(values);
    return new Tensor(data, options.shape ?? [values.length]);
  }
  const dtype = options.dtype ?? DEFAULT_DTYPE;
  assertDType(dtype);
  const shape = inferShape(values);
  const data = allocate(dtype, sizeOf(shape));
  let offset = 0;
  const fill = (node: unknown, axis: number): void => {
    if (axis === shape.length) {
      if (typeof node !== 'number') throw new ValueError(`tensor: expected a number at depth ${axis}, got ${describe(node)}`);
      data[offset++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[axis]) {
      throw new ShapeError(`tensor: ragged nested array: expected length ${shape[axis]} at depth ${axis} (shape ${formatShape(shape)}), got ${describe(node)}`);
    }
    for (const child of node) fill(child, axis + 1);
  };
  fill(values, 0);
  const result = new Tensor(data, shape);
  return options.shape ? reshapeData(result, options.shape) : result;
}

function inferShape(values: unknown): number[] {
  const shape: number[] = [];
  let node = values;
  while (Array.isArray(node)) {
    shape.push(node.length);
    node = node[0];
  }
  return shape;
}

function describe(node: unknown): string {
  return Array.isArray(node) ? `an array of length ${node.length}` : JSON.stringify(node) ?? String(node);
}

function reshapeData(t: Tensor, shape: Shape): Tensor {
  if (sizeOf(shape) !== t.size) {
    throw new ShapeError(`tensor: values of shape ${formatShape(t.shape)} cannot take shape ${formatShape(shape)}`);
  }
  return new Tensor(t.data, shape);
}

export function full(shape: Shape, value: number, options: DTypeOption = {}): Tensor {
  const dtype = options.dtype ?? DEFAULT_DTYPE;
  assertDType(dtype);
  assertValidShape(shape, 'full');
  const data = allocate(dtype, sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape);
}

export function zeros(shape: Shape, options: DTypeOption = {}): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: Shape, options: DTypeOption = {}): Tensor {
  return full(shape, 1, options);
}

/** A tensor of zeros with the shape and dtype of `like`. */
export function zerosLike(like: Tensor): Tensor {
  return zeros(like.shape, { dtype: like.dtype });
}

/** The n x m identity (m defaults to n). */
export function eye(n: number, m: number = n, options: DTypeOption = {}): Tensor {
  const t = zeros([n, m], options);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/**
 * Evenly spaced values in [start, stop) with `step`, as numpy's arange; `arange(5)` is 0..4.
 */
export function arange(start: number, stop?: number, step = 1, options: DTypeOption = {}): Tensor {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a finite non-zero number, got ${step}`);
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new ValueError(`arange: bounds must be finite, got ${from} and ${to}`);
  const length = Math.max(0, Math.ceil((to - from) / step));
  const t = zeros([length], options);
  for (let i = 0; i < length; i++) t.data[i] = from + i * step;
  return t;
}

/** `count` evenly spaced values from start to stop inclusive, as numpy's linspace. */
export function linspace(start: number, stop: number, count: number, options: DTypeOption = {}): Tensor {
  if (!Number.isInteger(count) || count < 0) throw new ValueError(`linspace: count must be an integer >= 0, got ${count}`);
  const t = zeros([count], options);
  const step = count > 1 ? (stop - start) / (count - 1) : 0;
  for (let i = 0; i < count; i++) t.data[i] = start + i * step;
  // The last value is exactly `stop`, not start + (count - 1) * step with its rounding error.
  if (count > 1) t.data[count - 1] = stop;
  return t;
}
