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
  /** 'js', 'native', or a custom backend's name: what `summary()` and the progress line print. */
  readonly name: string;
  /** What the name leaves out, e.g. the native backend's instruction set and threads. */
  readonly details?: string;

  /**
   * out[m x n] = op(A) @ op(B), where op(A) is m x k and op(B) is k x n. With `transposeA`, `a` is
   * stored k x m; with `transposeB`, `b` is stored n x k. `out` must not alias `a` or `b`. A
   * `bias` of n values is added to every row (a dense layer's forward pass in one call).
   */
  matmul(
    a: FloatArray, b: FloatArray, out: FloatArray,
    m: number, k: number, n: number,
    transposeA: boolean, transposeB: boolean,
    bias: FloatArray | null,
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

  // Optional fused kernels for what a training step repeats. The TypeScript reference for each lives
  // with its concept (an activation class, the cross-entropy loss, an optimiser), which runs its own
  // loop when the backend lacks the kernel. A kernel must give what that loop gives.

  /**
   * matmul (with bias) and then activated = f(out) for the elementwise activation `name`, in one call:
   * a dense layer and the activation after it. False, with nothing written, when this backend has no
   * kernel for that activation.
   */
  matmulActivation?(
    a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean,
    bias: FloatArray | null, name: string, alpha: number, activated: FloatArray,
  ): boolean;
  /** out = f(z) for the elementwise activation `name` (alpha: LeakyReLU's or ELU's); false when this backend has no kernel for it. */
  activation?(name: string, z: FloatArray, out: FloatArray, alpha: number): boolean;
  /** out = gradOutput · f'(z) given z and a = f(z); false when this backend has no kernel for it. */
  activationBackward?(name: string, gradOutput: FloatArray, z: FloatArray, a: FloatArray, out: FloatArray, alpha: number): boolean;
  /** Row-wise softmax of a [rows, cols] matrix. */
  softmax?(z: FloatArray, out: FloatArray, rows: number, cols: number): void;
  /**
   * dL/dz for p = softmax(z) and L = mean cross-entropy with p clipped below at epsilon: targets are
   * class labels (`labels`) or [rows, cols] one-hot/soft rows.
   */
  softmaxCrossEntropyBackward?(p: FloatArray, target: FloatArray, labels: boolean, out: FloatArray, rows: number, cols: number, epsilon: number): void;
  /** out row r = x row indices[r] (indices already checked against `rows`), rows of `width` values. */
  gatherRows?(x: FloatArray, indices: Int32Array, out: FloatArray, rows: number, width: number): void;
  /** Whether every element is finite: the check after each training step, without a JavaScript loop. */
  allFinite?(x: FloatArray): boolean;
  sgdMomentum?(w: FloatArray, g: FloatArray, velocity: FloatArray, learningRate: number, momentum: number, nesterov: boolean): void;
  rmsprop?(w: FloatArray, g: FloatArray, meanSquare: FloatArray, learningRate: number, rho: number, epsilon: number): void;
  /** Adam with bias corrections 1 - beta^t given; shrink != 1 applies AdamW's decay w *= shrink first. */
  adam?(
    w: FloatArray, g: FloatArray, mean: FloatArray, variance: FloatArray, learningRate: number,
    beta1: number, beta2: number, epsilon: number, correction1: number, correction2: number, shrink: number,
  ): void;
}

/** The backends `setBackend` and NNTS_BACKEND accept by name. */
export type BackendName = 'native' | 'js';
