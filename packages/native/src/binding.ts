type Floats = Float32Array | Float64Array;

/**
 * The addon's functions. Every array of one call must be of one type (all Float32Array or all
 * Float64Array); outputs are written in place. Callers validate shapes first; the addon checks only
 * that arrays are long enough, and throws a TypeError otherwise.
 */
export interface NativeBinding {
  /**
   * out[m x n] = op(a) @ op(b) (+ bias on every row); see the tensor package's Backend.matmul. With an
   * activation code, `activated` = f(out) is written in the same call (a dense layer and its activation).
   */
  matmul(a: Floats, b: Floats, out: Floats, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Floats | null): void;
  matmul(
    a: Floats, b: Floats, out: Floats, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Floats | null,
    activation: number, alpha: number, activated: Floats,
  ): void;
  /** out = f(z) for the activation `code` (see ACTIVATION_CODES); alpha is LeakyReLU's or ELU's parameter. */
  activation(code: number, z: Floats, out: Floats, alpha: number): void;
  /** out = gradOutput · f'(z) (tanh reads its slope from a = f(z)). */
  activationBackward(code: number, gradOutput: Floats, z: Floats, a: Floats, out: Floats, alpha: number): void;
  softmax(z: Floats, out: Floats, rows: number, cols: number): void;
  /** dL/dz of mean cross-entropy after softmax, with probabilities clipped below at epsilon inside the loss. */
  softmaxCrossEntropyBackward(p: Floats, target: Floats, labels: boolean, out: Floats, rows: number, cols: number, epsilon: number): void;
  /** The next out.length draws of xoshiro128** from its 4 state words (int32), advanced in place: RandomGenerator.nextUint32's numbers. */
  randomBits(state: Int32Array, out: Uint32Array): void;
  /** out = x · (bits[i] < threshold ? 0 : keep): inverted dropout applied from its draws. */
  dropout(bits: Uint32Array, threshold: number, keep: number, x: Floats, out: Floats): void;
  /** Sums the middle axis of x viewed as [outer, axisLength, inner], in double. */
  sum(x: Floats, out: Floats, outer: number, axisLength: number, inner: number): void;
  allFinite(x: Floats): boolean;
  /** out row r = x row indices[r], for x of `rows` rows of `width` values. */
  gatherRows(x: Floats, indices: Int32Array, out: Floats, rows: number, width: number): void;
  sgd(w: Floats, g: Floats, learningRate: number): void;
  sgdMomentum(w: Floats, g: Floats, velocity: Floats, learningRate: number, momentum: number, nesterov: boolean): void;
  rmsprop(w: Floats, g: Floats, meanSquare: Floats, learningRate: number, rho: number, epsilon: number): void;
  adam(
    w: Floats, g: Floats, mean: Floats, variance: Floats, learningRate: number, beta1: number, beta2: number, epsilon: number,
    correction1: number, correction2: number, shrink: number,
  ): void;

  // Convolution and pooling over NHWC batches. `geometry` is an Int32Array of the tensor package's
  // ConvGeometry, field by field: batch, inHeight, inWidth, inChannels, outHeight, outWidth,
  // outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth,
  // padTop, padLeft. Kernels are [kernelHeight, kernelWidth, inChannels, outChannels]. Products give the
  // same bits on any thread count and instruction set; pooling gives the TypeScript reference's bits.

  /**
   * out = x ⋆ kernel (+ bias per output channel), on the packed GEMM with image patches packed straight
   * into its panels. With an activation code, `activated` = f(out) is written in the same call.
   */
  conv2d(x: Floats, kernel: Floats, bias: Floats | null, out: Floats, geometry: Int32Array): void;
  conv2d(x: Floats, kernel: Floats, bias: Floats | null, out: Floats, geometry: Int32Array, activation: number, alpha: number, activated: Floats): void;
  /** dx = dL/dx of conv2d from dy = dL/d(out) (overwritten, not accumulated). */
  conv2dBackpropInput(dy: Floats, kernel: Floats, dx: Floats, geometry: Int32Array): void;
  /** dkernel = dL/d(kernel) of conv2d from its input x and dy (overwritten). */
  conv2dBackpropFilter(x: Floats, dy: Floats, dkernel: Floats, geometry: Int32Array): void;
  /**
   * out = each window's maximum (padding never wins); `indices`, when given, the flat index into x of
   * each maximum, the first in row-major window order on ties. Pooling geometries keep the channels.
   */
  maxPool2d(x: Floats, out: Floats, indices: Int32Array | null, geometry: Int32Array): void;
  /** dx = 0, then dx[indices[o]] += dy[o] in output order; false, with nothing written, when an index lies outside dx. */
  maxPool2dBackprop(dy: Floats, indices: Int32Array, dx: Floats): boolean;
  /** out = each window's mean over the input elements it covers (padding is not counted). */
  avgPool2d(x: Floats, out: Floats, geometry: Int32Array): void;
  /** dx = dL/dx of avgPool2d: each output's gradient shared evenly over its window (overwritten). */
  avgPool2dBackprop(dy: Floats, dx: Floats, geometry: Int32Array): void;

  // The recurrent cells (the tensor package's Backend documents each; the layers package's
  // recurrent/cells.ts holds the TypeScript loops). Gate blocks are [rows, 4·units] for an LSTM (i, f,
  // c, o) and [rows, 3·units] for a GRU (z, r, h); states are [rows, units]. No output may overlap
  // another array of the call (a TypeError otherwise). float32 forward steps use vectorised exp and
  // tanh within 2.4 ulps of double; float64 ones, and every backward step, compute the TypeScript loop's
  // formulas in double. Rows are split between threads and instruction sets without changing a bit.

  /** One LSTM step: writes the activated gates [i, f, g, o], c, tanhC = tanh(c) and h = o·tanh(c). */
  lstmCell(xw: Floats, hu: Floats, cPrev: Floats, gates: Floats, c: Floats, tanhC: Floats, h: Floats, rows: number, units: number): void;
  /** Back through one LSTM step: writes dz [rows, 4·units] and overwrites dc with dL/dcPrev. */
  lstmCellBackward(gates: Floats, cPrev: Floats, tanhC: Floats, dh: Floats, dc: Floats, dz: Floats, rows: number, units: number): void;
  /** One GRU step (reset after the recurrent product): writes gates [z, r, n] and h. */
  gruCell(xw: Floats, hu: Floats, hPrev: Floats, gates: Floats, h: Floats, rows: number, units: number): void;
  /** Back through one GRU step: writes dxw, dhu and dhPrev = dh·z (the caller adds dhu·Uᵀ). */
  gruCellBackward(gates: Floats, hu: Floats, hPrev: Floats, dh: Floats, dxw: Floats, dhu: Floats, dhPrev: Floats, rows: number, units: number): void;
  /** out[i][o] = x[o][i] for x [outer, inner, width] and out [inner, outer, width]. */
  swapLeadingAxes(x: Floats, out: Floats, outer: number, inner: number, width: number): void;
  /** The instruction set in use and the threads a GEMM may use. */
  info(): { isa: NativeIsa; threads: number };
  /** Forces an instruction set (false when the CPU lacks it) and/or a thread count (0 leaves it). */
  configure(isa: NativeIsa | null, threads: number): boolean;
}

export type NativeIsa = 'avx512' | 'avx2' | 'generic';

/** The activations with native kernels, by the name their TypeScript classes carry, and their codes in csrc/kernels.h. */
export const ACTIVATION_CODES: Readonly<Record<string, number>> = {
  linear: 0,
  relu: 1,
  leakyRelu: 2,
  elu: 3,
  sigmoid: 4,
  tanh: 5,
};
