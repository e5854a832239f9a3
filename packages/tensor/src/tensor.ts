import { getBackend } from './backend/active-backend';
import type { DType, FloatArray } from './dtype';
import { dtypeOf } from './dtype';
import { DtypeError, ShapeError, ValueError } from './errors';
import { formatTensor } from './format';
import type { Shape } from './shape';
import { assertValidShape, formatShape, sameShape, sizeOf, stridesOf } from './shape';

/** Nested arrays of numbers, as `toArray()` returns them and `tensor()` accepts them. */
export type NestedArray = number[] | NestedArray[];

/**
 * An n-dimensional, row-major array of float32 or float64 numbers.
 *
 * Metadata (shape, dtype) is fixed; ops return new tensors. The storage `data` is a plain typed array
 * that kernels read directly, and only methods whose name ends in `InPlace` (or `copyFrom`) write to
 * it, so code that mutates is visible at the call site.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]]);
 * x.shape; // [2, 2]
 * x.get(1, 0); // 3
 */
export class Tensor {
  readonly data: FloatArray;
  readonly shape: Shape;
  readonly dtype: DType;
  readonly size: number;

  constructor(data: FloatArray, shape: Shape) {
    assertValidShape(shape, 'Tensor');
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ShapeError(`Tensor: shape ${formatShape(shape)} holds ${size} elements but the data has ${data.length}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
    this.size = size;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The element at the given index, one integer per axis (negative counts from the end). */
  get(...index: number[]): number {
    return this.data[this.offsetOf(index, 'get')]!;
  }

  /** The only element of a tensor of size 1 (such as the result of a full reduction). */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: expected a tensor with one element, got shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /** Nested arrays of plain numbers; a tensor of rank 0 has no array form, use `item()`. */
  toArray(): NestedArray {
    if (this.rank === 0) throw new ShapeError('toArray: a tensor of rank 0 has no array form; use item()');
    const strides = stridesOf(this.shape);
    const build = (axis: number, offset: number): NestedArray => {
      const length = this.shape[axis]!;
      if (axis === this.rank - 1) return Array.from(this.data.subarray(offset, offset + length));
      return Array.from({ length }, (_, i) => build(axis + 1, offset + i * strides[axis]!)) as NestedArray;
    };
    return build(0, 0);
  }

  toString(): string {
    return formatTensor(this.data, this.shape, this.dtype);
  }

  /** Writes one element (index as in `get`). */
  setInPlace(value: number, ...index: number[]): this {
    this.data[this.offsetOf(index, 'setInPlace')] = value;
    return this;
  }

  /** this += alpha * other, elementwise; `other` must have this tensor's shape and dtype. */
  addScaledInPlace(other: Tensor, alpha = 1): this {
    this.assertSameLayout(other, 'addScaledInPlace');
    getBackend().addScaled(this.data, other.data, alpha);
    return this;
  }

  /** this *= other, elementwise; `other` must have this tensor's shape and dtype. */
  mulInPlace(other: Tensor): this {
    this.assertSameLayout(other, 'mulInPlace');
    const y = this.data;
    const x = other.data;
    for (let i = 0; i < y.length; i++) y[i] *= x[i]!;
    return this;
  }

  /** this *= factor. */
  scaleInPlace(factor: number): this {
    const y = this.data;
    for (let i = 0; i < y.length; i++) y[i] *= factor;
    return this;
  }

  fillInPlace(value: number): this {
    this.data.fill(value);
    return this;
  }

  /** Copies `other`'s values into this tensor's storage. */
  copyFrom(other: Tensor): this {
    this.assertSameLayout(other, 'copyFrom');
    this.data.set(other.data);
    return this;
  }

  private assertSameLayout(other: Tensor, operation: string): void {
    if (!sameShape(this.shape, other.shape)) {
      throw new ShapeError(`${operation}: shapes ${formatShape(this.shape)} and ${formatShape(other.shape)} differ`);
    }
    if (this.dtype !== other.dtype) {
      throw new DtypeError(`${operation}: dtypes ${this.dtype} and ${other.dtype} differ`);
    }
  }

  private offsetOf(index: readonly number[], operation: string): number {
    if (index.length !== this.rank) {
      throw new ValueError(`${operation}: got ${index.length} indices for a tensor of shape ${formatShape(this.shape)}`);
    }
    let offset = 0;
    let stride = 1;
    for (let axis = this.rank - 1; axis >= 0; axis--) {
      const length = this.shape[axis]!;
      const i = index[axis]!;
      if (!Number.isInteger(i) || i < -length || i >= length) {
        throw new ValueError(`${operation}: index ${i} is out of range for axis ${axis} of shape ${formatShape(this.shape)}`);
      }
      offset += (i < 0 ? i + length : i) * stride;
      stride *= length;
    }
    return offset;
  }
}
