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
 * A window (a convolution kernel or a pooling window) sliding over an NHWC batch
 * [batch, inHeight, inWidth, inChannels] to give [batch, outHeight, outWidth, outChannels]. Output
 * pixel (oh, ow) reads input rows oh·strideHeight - padTop + i·dilationHeight for i < kernelHeight
 * (and likewise for columns); rows and columns outside the input are zeros. A 1-D window is the
 * same with inHeight = kernelHeight = 1. Computed once, by the ops, in `windowGeometry`.
 */
export interface ConvGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
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

  // Convolution and pooling over NHWC batches; kernels are [kernelHeight, kernelWidth, inChannels,
  // outChannels] (Keras's layout). The backward kernels overwrite their output.

  /** out = x ⋆ kernel (+ bias per output channel): a convolution layer's forward pass. */
  conv2d(x: FloatArray, kernel: FloatArray, bias: FloatArray | null, out: FloatArray, geometry: ConvGeometry): void;
  /** dx = dL/dx from dy = dL/d(out). */
  conv2dBackpropInput(dy: FloatArray, kernel: FloatArray, dx: FloatArray, geometry: ConvGeometry): void;
  /** dkernel = dL/d(kernel) from the input x and dy. */
  conv2dBackpropFilter(x: FloatArray, dy: FloatArray, dkernel: FloatArray, geometry: ConvGeometry): void;
  /**
   * out = the maximum of each window (padding never wins); with `indices`, also the flat index into
   * x of each maximum (the first, in row-major window order, when several tie).
   */
  maxPool2d(x: FloatArray, out: FloatArray, indices: Int32Array | null, geometry: ConvGeometry): void;
  /**
   * dx = dy routed to the maxima `indices` recorded by maxPool2d (summed where windows overlap); false,
   * with nothing written, when an index lies outside dx. The kernel checks them, in its own pass: the
   * indices may come from a caller, and a native kernel must not write outside dx.
   */
  maxPool2dBackprop(dy: FloatArray, indices: Int32Array, dx: FloatArray): boolean;
  /** out = the mean of each window over the input elements it covers (padding is not counted, as in TensorFlow). */
  avgPool2d(x: FloatArray, out: FloatArray, geometry: ConvGeometry): void;
  avgPool2dBackprop(dy: FloatArray, dx: FloatArray, geometry: ConvGeometry): void;

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
  /**
   * conv2d and then activated = f(out) for the elementwise activation `name`, in one call, as
   * matmulActivation does for a dense layer; false, with nothing written, when this backend cannot.
   */
  conv2dActivation?(
    x: FloatArray, kernel: FloatArray, bias: FloatArray | null, out: FloatArray, geometry: ConvGeometry, name: string, alpha: number, activated: FloatArray,
  ): boolean;
  /**
   * The next out.length draws of the xoshiro128** generator whose four state words are `state`
   * (advanced in place): the numbers RandomGenerator.nextUint32 gives, in order.
   */
  randomBits?(state: Int32Array, out: Uint32Array): void;
  /** out = x · (bits[i] < threshold ? 0 : keep): inverted dropout applied from its draws (the Dropout layer's loop). */
  dropout?(bits: Uint32Array, threshold: number, keep: number, x: FloatArray, out: FloatArray): void;
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
  /**
   * One LSTM step for `rows` sequences of `units` cells (Keras's gate order i, f, c, o over 4·units
   * columns): z = xw + hu (the input's product with the bias added, and the previous output's product),
   * i, f, o = σ(z), g = tanh(z_c), c = f·cPrev + i·g, h = o·tanh(c). Writes gates = [i, f, g, o]
   * (activated), c, tanhC = tanh(c) and h. The recurrent layers' lstmCell loop is the reference.
   */
  lstmCell?(xw: FloatArray, hu: FloatArray, cPrev: FloatArray, gates: FloatArray, c: FloatArray, tanhC: FloatArray, h: FloatArray, rows: number, units: number): void;
  /**
   * Back through one LSTM step: given the activated gates, cPrev, tanhC, dh = dL/dh (all of it) and
   * dc = dL/dc from the step after, writes dz = dL/d(pre-activations) [rows, 4·units] and overwrites dc
   * with dL/dcPrev.
   */
  lstmCellBackward?(gates: FloatArray, cPrev: FloatArray, tanhC: FloatArray, dh: FloatArray, dc: FloatArray, dz: FloatArray, rows: number, units: number): void;
  /**
   * One GRU step in Keras's reset_after form (gate order z, r, h over 3·units columns): xw = x·W + b_in,
   * hu = hPrev·U + b_rec, z = σ(xw_z + hu_z), r = σ(xw_r + hu_r), n = tanh(xw_h + r·hu_h),
   * h = z·hPrev + (1 - z)·n. Writes gates = [z, r, n] and h.
   */
  gruCell?(xw: FloatArray, hu: FloatArray, hPrev: FloatArray, gates: FloatArray, h: FloatArray, rows: number, units: number): void;
  /**
   * Back through one GRU step: given gates, hu, hPrev and dh = dL/dh (all of it), writes dxw = dL/dxw,
   * dhu = dL/dhu ([rows, 3·units] each) and dhPrev = the direct part dh·z (the caller adds dhu·Uᵀ).
   */
  gruCellBackward?(gates: FloatArray, hu: FloatArray, hPrev: FloatArray, dh: FloatArray, dxw: FloatArray, dhu: FloatArray, dhPrev: FloatArray, rows: number, units: number): void;
  /**
   * out[i][o] = x[o][i] for x [outer, inner, width] and out [inner, outer, width]: a [batch, time,
   * features] sequence to time-major order and back.
   */
  swapLeadingAxes?(x: FloatArray, out: FloatArray, outer: number, inner: number, width: number): void;
  /** Adam with bias corrections 1 - beta^t given; shrink != 1 applies AdamW's decay w *= shrink first. */
  adam?(
    w: FloatArray, g: FloatArray, mean: FloatArray, variance: FloatArray, learningRate: number,
    beta1: number, beta2: number, epsilon: number, correction1: number, correction2: number, shrink: number,
  ): void;
}

/** The backends `setBackend` and NNTS_BACKEND accept by name. */
export type BackendName = 'native' | 'wasm' | 'js';
