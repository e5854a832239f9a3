import { assertKnownOptions } from '../options';
import type { ReduceOp } from '../backend/backend';
import { getBackend } from '../backend/active-backend';
import { allocate } from '../dtype';
import { ValueError } from '../errors';
import { formatShape, normalizeAxis } from '../shape';
import { Tensor } from '../tensor';
import { sub } from './binary';
import { square } from './unary';

export interface ReduceOptions {
  /** The axis to reduce (negative counts from the end); all elements when absent. */
  readonly axis?: number;
  /** Keep the reduced axis with length 1, so the result broadcasts against the input. */
  readonly keepdims?: boolean;
}

export interface VarianceOptions extends ReduceOptions {
  /** Delta degrees of freedom: the divisor is n - ddof (0, numpy's default, gives the population variance). */
  readonly ddof?: number;
}

function reduce(op: ReduceOp, x: Tensor, options: ReduceOptions): Tensor {
  assertKnownOptions(op, options, ['axis', 'keepdims']);
  const { axis, keepdims = false } = options;
  if (axis === undefined) {
    if (x.size === 0 && op !== 'sum') throw new ValueError(`${op}: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
    const out = allocate(x.dtype, 1);
    getBackend().reduce(op, x.data, out, 1, x.size, 1);
    return new Tensor(out, keepdims ? x.shape.map(() => 1) : []);
  }
  const a = normalizeAxis(axis, x.rank, op);
  const axisLength = x.shape[a]!;
  if (axisLength === 0 && op !== 'sum') throw new ValueError(`${op}: cannot reduce axis ${axis} of length 0 (shape ${formatShape(x.shape)})`);
  const outer = x.shape.slice(0, a).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const shape = keepdims ? x.shape.map((d, i) => (i === a ? 1 : d)) : x.shape.filter((_, i) => i !== a);
  const out = allocate(x.dtype, outer * inner);
  getBackend().reduce(op, x.data, out, outer, axisLength, inner);
  return new Tensor(out, shape);
}

function countReduced(x: Tensor, axis: number | undefined): number {
  return axis === undefined ? x.size : x.shape[normalizeAxis(axis, x.rank, 'count')]!;
}

/** Sum of all elements, or along `axis`. Accumulates in float64. */
export const sum = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce('sum', x, options);
/** Largest element (NaN if any is NaN). */
export const max = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce('max', x, options);
/** Smallest element (NaN if any is NaN). */
export const min = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce('min', x, options);
/** Index of the largest element along `axis` (of the flattened tensor without one); the first wins ties. */
export const argmax = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce('argmax', x, options);
/** Index of the smallest element; the first wins ties. */
export const argmin = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce('argmin', x, options);

/** Arithmetic mean. */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  assertKnownOptions('mean', options, ['axis', 'keepdims']);
  const n = countReduced(x, options.axis);
  if (n === 0) throw new ValueError(`mean: cannot average zero elements (shape ${formatShape(x.shape)})`);
  return sum(x, options).scaleInPlace(1 / n);
}

/** Variance, computed in two passes (mean first) to avoid the cancellation of E[x²] - E[x]². */
export function variance(x: Tensor, options: VarianceOptions = {}): Tensor {
  assertKnownOptions('variance', options, ['axis', 'keepdims', 'ddof']);
  const { ddof = 0, ...reduceOptions } = options;
  const n = countReduced(x, options.axis);
  if (!Number.isInteger(ddof) || ddof < 0 || ddof >= n) {
    throw new ValueError(`variance: ddof must be an integer in [0, ${n}) for ${n} elements, got ${ddof}`);
  }
  const centred = sub(x, mean(x, { ...reduceOptions, keepdims: true }));
  return sum(square(centred), reduceOptions).scaleInPlace(1 / (n - ddof));
}

/** Standard deviation: the square root of `variance`. */
export function std(x: Tensor, options: VarianceOptions = {}): Tensor {
  const v = variance(x, options);
  for (let i = 0; i < v.size; i++) v.data[i] = Math.sqrt(v.data[i]!);
  return v;
}
