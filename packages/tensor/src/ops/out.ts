import type { DType } from '../dtype';
import { allocate } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import type { Shape } from '../shape';
import { formatShape, sameShape, sizeOf } from '../shape';
import { Tensor } from '../tensor';

/** Ops that can write into a caller's tensor, so a training loop can reuse its buffers. */
export interface OutOption {
  readonly out?: Tensor;
}

/** The caller's `out` after checking it fits, or a fresh tensor. */
export function resolveOut(out: Tensor | undefined, shape: Shape, dtype: DType, operation: string): Tensor {
  if (out === undefined) return new Tensor(allocate(dtype, sizeOf(shape)), shape);
  if (!sameShape(out.shape, shape)) {
    throw new ShapeError(`${operation}: out has shape ${formatShape(out.shape)} but the result has shape ${formatShape(shape)}`);
  }
  if (out.dtype !== dtype) throw new DtypeError(`${operation}: out is ${out.dtype} but the result is ${dtype}`);
  return out;
}

/**
 * resolveOut for a [rows, cols] result without building the shape array: the per-batch ops
 * (matmul, gatherRows) must not allocate when given `out`.
 */
export function resolveOutMatrix(out: Tensor | undefined, rows: number, cols: number, dtype: DType, operation: string): Tensor {
  if (out !== undefined && out.rank === 2 && out.shape[0] === rows && out.shape[1] === cols && out.dtype === dtype) return out;
  return resolveOut(out, [rows, cols], dtype, operation);
}

export function assertSameDType(a: Tensor, b: Tensor, operation: string): void {
  if (a.dtype !== b.dtype) {
    throw new DtypeError(
      `${operation}: dtypes differ: ${a.dtype} ${formatShape(a.shape)} and ${b.dtype} ${formatShape(b.shape)}; convert one with astype()`,
    );
  }
}
