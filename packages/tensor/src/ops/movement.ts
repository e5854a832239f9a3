import { assertKnownOptions } from '../options';
import type { DType } from '../dtype';
import { allocate, assertDType } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import type { Shape } from '../shape';
import { formatShape, normalizeAxis, sameShape, sizeOf, stridesOf } from '../shape';
import { Tensor } from '../tensor';
import { getBackend } from '../backend/active-backend';
import type { OutOption } from './out';
import { assertSameDType, resolveOut, resolveOutMatrix } from './out';

/**
 * The same data in a new shape with as many elements; one dimension may be -1 and is inferred.
 * Shares storage with `x` (tensors are contiguous, so a reshape never needs a copy).
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const inferred = shape.filter((d) => d === -1).length;
  if (inferred > 1) throw new ShapeError(`reshape: only one dimension can be -1, got ${formatShape(shape)}`);
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const resolved = shape.map((d) => (d === -1 ? (known === 0 ? 0 : x.size / known) : d));
  if (resolved.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(resolved) !== x.size) {
    throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
  }
  return new Tensor(x.data, resolved);
}

/** A copy in another dtype (float64 -> float32 rounds to nearest). */
export function astype(x: Tensor, dtype: DType): Tensor {
  assertDType(dtype);
  const data = allocate(dtype, x.size);
  data.set(x.data);
  return new Tensor(data, x.shape);
}

/**
 * Permutes the axes (default: reversed, so a matrix is transposed). Returns a copy; `matmul` takes
 * transposed operands directly, without this copy.
 */
export function transpose(x: Tensor, axes?: readonly number[]): Tensor {
  const rank = x.rank;
  const order = axes ? axes.map((a) => normalizeAxis(a, rank, 'transpose')) : x.shape.map((_, i) => rank - 1 - i);
  if (order.length !== rank || new Set(order).size !== rank) {
    throw new ValueError(`transpose: axes ${formatShape(axes ?? [])} are not a permutation of the ${rank} axes of ${formatShape(x.shape)}`);
  }
  const shape = order.map((a) => x.shape[a]!);
  const sourceStrides = stridesOf(x.shape);
  const strides = order.map((a) => sourceStrides[a]!);
  const out = allocate(x.dtype, x.size);
  if (rank === 2) {
    // The common case, written out: the input's columns become the output's rows.
    const [rows, cols] = shape as [number, number];
    const [rowStride, colStride] = strides as [number, number];
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = x.data[i * rowStride + j * colStride]!;
    return new Tensor(out, shape);
  }
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < x.size; o++) {
    let source = 0;
    for (let a = 0; a < rank; a++) source += index[a]! * strides[a]!;
    out[o] = x.data[source]!;
    for (let a = rank - 1; a >= 0; a--) {
      if (++index[a]! < shape[a]!) break;
      index[a] = 0;
    }
  }
  return new Tensor(out, shape);
}

function rowLength(x: Tensor, operation: string): number {
  if (x.rank === 0) throw new ShapeError(`${operation}: expected a tensor with at least one axis, got a scalar`);
  let size = 1;
  for (let axis = 1; axis < x.rank; axis++) size *= x.shape[axis]!;
  return size;
}

/**
 * Rows start..end-1 along the first axis (end exclusive, clamped to the length). Shares storage with
 * `x`: a mini-batch of consecutive rows costs no copy.
 */
export function sliceRows(x: Tensor, start: number, end: number = x.shape[0] ?? 0): Tensor {
  const length = x.shape[0] ?? 0;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end) {
    throw new ValueError(`sliceRows: expected integers 0 <= start <= end, got start ${start} and end ${end} for shape ${formatShape(x.shape)}`);
  }
  const stop = Math.min(end, length);
  const from = Math.min(start, stop);
  const width = rowLength(x, 'sliceRows');
  return new Tensor(x.data.subarray(from * width, stop * width), [stop - from, ...x.shape.slice(1)]);
}

/**
 * The rows of `x` named by `indices`, in that order: how a shuffled mini-batch is assembled.
 * With `out`, writes into it (for a training loop that reuses one batch buffer).
 */
export function gatherRows(x: Tensor, indices: ArrayLike<number>, options: OutOption = {}): Tensor {
  const length = x.shape[0] ?? 0;
  const width = rowLength(x, 'gatherRows');
  const out = x.rank === 2 ? resolveOutMatrix(options.out, indices.length, width, x.dtype, 'gatherRows') : resolveOut(options.out, [indices.length, ...x.shape.slice(1)], x.dtype, 'gatherRows');
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    if (!Number.isInteger(i) || i < 0 || i >= length) {
      throw new ValueError(`gatherRows: index ${i} at position ${r} is out of range for ${length} rows (shape ${formatShape(x.shape)})`);
    }
  }
  const source = x.data;
  const target = out.data;
  const backend = getBackend();
  if (backend.gatherRows && indices instanceof Int32Array) {
    backend.gatherRows(source, indices, target, length, width);
    return out;
  }
  for (let r = 0; r < indices.length; r++) {
    // An element loop, not set(subarray(...)): a subarray is a new object per row, per batch.
    const from = indices[r]! * width;
    const to = r * width;
    for (let j = 0; j < width; j++) target[to + j] = source[from + j]!;
  }
  return out;
}

/** Joins tensors along an existing axis; all other dimensions must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new ValueError('concat: expected at least one tensor');
  const a = normalizeAxis(axis, first.rank, 'concat');
  for (const t of tensors) {
    assertSameDType(first, t, 'concat');
    const fits = t.rank === first.rank && t.shape.every((d, i) => i === a || d === first.shape[i]);
    if (!fits) {
      throw new ShapeError(`concat: shapes ${tensors.map((x) => formatShape(x.shape)).join(', ')} differ outside axis ${axis}`);
    }
  }
  const shape = first.shape.map((d, i) => (i === a ? tensors.reduce((s, t) => s + t.shape[a]!, 0) : d));
  const outer = sizeOf(first.shape.slice(0, a));
  const out = allocate(first.dtype, sizeOf(shape));
  let offset = 0;
  for (let o = 0; o < outer; o++) {
    for (const t of tensors) {
      const block = sizeOf(t.shape.slice(a));
      out.set(t.data.subarray(o * block, (o + 1) * block), offset);
      offset += block;
    }
  }
  return new Tensor(out, shape);
}

/** Joins tensors of one shape along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new ValueError('stack: expected at least one tensor');
  for (const t of tensors) {
    if (!sameShape(t.shape, first.shape)) {
      throw new ShapeError(`stack: every tensor needs the same shape, got ${tensors.map((x) => formatShape(x.shape)).join(', ')}`);
    }
  }
  const a = normalizeAxis(axis, first.rank + 1, 'stack');
  const expanded = [...first.shape.slice(0, a), 1, ...first.shape.slice(a)];
  return concat(tensors.map((t) => new Tensor(t.data, expanded)), a);
}

/**
 * [1, x] for every row of a matrix: the bias trick, so that X·w includes an intercept. Pass
 * `{ position: 'last' }` for [x, 1] (the column order of the seed tutorial's `numpy.c_[X, ones]`).
 */
export function addOnesColumn(x: Tensor, options: { readonly position?: 'first' | 'last' } = {}): Tensor {
  assertKnownOptions('addOnesColumn', options, ['position']);
  if (x.rank !== 2) throw new ShapeError(`addOnesColumn: expected a matrix, got shape ${formatShape(x.shape)}`);
  const position = options.position ?? 'first';
  if (position !== 'first' && position !== 'last') throw new ValueError(`addOnesColumn: position must be 'first' or 'last', got ${JSON.stringify(position)}`);
  const [rows, cols] = x.shape as [number, number];
  const out = allocate(x.dtype, rows * (cols + 1));
  const onesAt = position === 'first' ? 0 : cols;
  const dataAt = position === 'first' ? 1 : 0;
  for (let i = 0; i < rows; i++) {
    out[i * (cols + 1) + onesAt] = 1;
    out.set(x.data.subarray(i * cols, (i + 1) * cols), i * (cols + 1) + dataAt);
  }
  return new Tensor(out, [rows, cols + 1]);
}
