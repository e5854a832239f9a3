import type { FloatArray } from '../dtype';

export type UnaryOp = 'neg' | 'abs' | 'exp' | 'log' | 'sqrt' | 'square' | 'tanh' | 'sign' | 'clip';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual';

export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

/**
 * How a broadcast binary op walks its operands: `shape` is the output shape, `aStrides`/`bStrides`
 * the operands' strides against it (0 where an operand is repeated).
 */
export interface BroadcastPlan {
  readonly shape: readonly number[];
  readonly aStrides: readonly number[];
  readonly bStrides: readonly number[];
}

/**
 * The kernels behind the public ops. Kernels receive flat row-major typed arrays that the ops have
 * already validated (shapes, dtypes, sizes), write into a caller-owned `out`, and never allocate
 * per call beyond scratch space they keep for reuse. A faster backend (native, WebAssembly, GPU)
 * replaces them without touching any caller.
 */
export interface Backend {
  readonly name: string;

  /**
   * out[m x n] = op(A) @ op(B), where op(A) is m x k and op(B) is k x n. With `transposeA`, `a` is
   * stored k x m; with `transposeB`, `b` is stored n x k. `out` must not alias `a` or `b`.
   */
  matmul(
    a: FloatArray, b: FloatArray, out: FloatArray,
    m: number, k: number, n: number,
    transposeA: boolean, transposeB: boolean,
  ): void;

  /** out[i] = op(x[i]); `p0`/`p1` carry the bounds of clip. `out` may be `x`. */
  unary(op: UnaryOp, x: FloatArray, out: FloatArray, p0: number, p1: number): void;

  /** out = a op b with broadcasting; `out` may be `a` when `a` already has the output's shape. */
  binary(op: BinaryOp, a: FloatArray, b: FloatArray, out: FloatArray, plan: BroadcastPlan): void;

  /**
   * Reduces the middle axis of x viewed as [outer, axisLength, inner] into out[outer * inner].
   * argmax/argmin write the index of the first extreme value.
   */
  reduce(op: ReduceOp, x: FloatArray, out: FloatArray, outer: number, axisLength: number, inner: number): void;

  /** y += alpha * x, the update every optimiser step repeats. */
  addScaled(y: FloatArray, x: FloatArray, alpha: number): void;
}
