import type { FloatArray } from '../../dtype';
import type { Backend, ConvGeometry } from '../backend';
import { jsBackend } from '../js/js-backend';

/** What the backend needs of @nnts/wasm's kernels (its WasmKernels), stated here so tensor's types do not depend on that optional package. */
export interface WasmKernels {
  readonly details: string;
  matmulF32(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Float32Array | null): void;
  conv2dF32(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, geometry: ConvGeometry): void;
  conv2dBackpropInputF32(dy: Float32Array, kernel: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;
  conv2dBackpropFilterF32(x: Float32Array, dy: Float32Array, dkernel: Float32Array, geometry: ConvGeometry): void;
  maxPool2dF32(x: Float32Array, out: Float32Array, indices: Int32Array | null, geometry: ConvGeometry): void;
  maxPool2dBackpropF32(dy: Float32Array, indices: Int32Array, dx: Float32Array): boolean;
  avgPool2dF32(x: Float32Array, out: Float32Array, geometry: ConvGeometry): void;
  avgPool2dBackpropF32(dy: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;
  activation(name: string, z: FloatArray, out: FloatArray, alpha: number): boolean;
  activationBackward(name: string, gradOutput: FloatArray, z: FloatArray, a: FloatArray, out: FloatArray, alpha: number): boolean;
  softmax(z: FloatArray, out: FloatArray, rows: number, cols: number): void;
  softmaxCrossEntropyBackward(p: FloatArray, target: FloatArray, labels: boolean, out: FloatArray, rows: number, cols: number, epsilon: number): void;
  addScaled(y: FloatArray, x: FloatArray, alpha: number): void;
  sgdMomentum(w: FloatArray, g: FloatArray, velocity: FloatArray, learningRate: number, momentum: number, nesterov: boolean): void;
  rmsprop(w: FloatArray, g: FloatArray, meanSquare: FloatArray, learningRate: number, rho: number, epsilon: number): void;
  adam(w: FloatArray, g: FloatArray, mean: FloatArray, variance: FloatArray, learningRate: number, beta1: number, beta2: number, epsilon: number, correction1: number, correction2: number, shrink: number): void;
  unary(op: string, x: FloatArray, out: FloatArray, p0: number, p1: number): boolean;
  binary(op: string, a: FloatArray, b: FloatArray, out: FloatArray): boolean;
  reduceSum(x: FloatArray, out: FloatArray, outer: number, length: number, inner: number): void;
  allFinite(x: FloatArray): boolean;
  dropout(bits: Uint32Array, threshold: number, keep: number, x: FloatArray, out: FloatArray): void;
  randomBits(state: Int32Array, out: Uint32Array): void;
  lstmCell(xw: FloatArray, hu: FloatArray, cPrev: FloatArray, gates: FloatArray, c: FloatArray, tanhC: FloatArray, h: FloatArray, rows: number, units: number): void;
  lstmCellBackward(gates: FloatArray, cPrev: FloatArray, tanhC: FloatArray, dh: FloatArray, dc: FloatArray, dz: FloatArray, rows: number, units: number): void;
  gruCell(xw: FloatArray, hu: FloatArray, hPrev: FloatArray, gates: FloatArray, h: FloatArray, rows: number, units: number): void;
  gruCellBackward(gates: FloatArray, hu: FloatArray, hPrev: FloatArray, dh: FloatArray, dxw: FloatArray, dhu: FloatArray, dhPrev: FloatArray, rows: number, units: number): void;
  gatherRows(x: FloatArray, indices: Int32Array, out: FloatArray, rows: number, width: number): void;
  swapLeadingAxes(x: FloatArray, out: FloatArray, outer: number, inner: number, width: number): void;
}

// What runs in the module, as packages/wasm/README.md measured it (bench/elementwise.bench.ts there,
// the copies in and out counted, against the TypeScript loops at their fastest): what is faster there.
// ELU, tanh's forward pass, softmax and its cross-entropy backward pass, and unary tanh run about as
// fast as V8's own loops, or slower, so they stay in TypeScript; their kernels are in the module,
// tested, for when they win.
const FORWARD = new Set(['relu', 'leakyRelu', 'sigmoid']);
const BACKWARD = new Set(['relu', 'leakyRelu', 'sigmoid', 'tanh']);
const UNARY = new Set(['neg', 'abs', 'exp', 'sqrt', 'square', 'sign', 'clip']);
/** Below this many elements a call into the module (placing, copying, views: about a microsecond) costs more than the loop. */
const MIN_ELEMENTS = 4096;
/** Column sums of fewer columns run in TypeScript: the module sums row by row into one accumulator per column. */
const MIN_SUM_COLUMNS = 16;
// The recurrent kernels, measured the same way (bench/recurrent.bench.ts there): the LSTM cell and
// swapLeadingAxes run faster in the module; the LSTM cell's backward pass and both GRU kernels do not
// (their arithmetic is a few operations a value, less than the copies cost), so the layers' own loops
// run them. gatherRows copies all of the source in: it pays only where the source has few more rows
// than are gathered (an Embedding's table), not for a batch out of a whole data set.
/** gatherRows runs in the module where the source has at most this many times the rows gathered: float32, float64. */
const GATHER_SOURCE_RATIO = [2, 1] as const;

/**
 * The WebAssembly backend: the module's SIMD128 kernels for float32 products, convolutions and
 * pooling, its elementwise kernels where they are faster than the TypeScript loops counting the copies
 * into and out of the module's memory, and the TypeScript kernels for everything else (float64
 * products and convolutions included), so every model the other backends run runs here. Every
 * elementwise kernel gives the bits of the TypeScript loop it replaces, so which one runs never changes
 * a result.
 */
export function createWasmBackend(kernels: WasmKernels): Backend {
  const matmul: Backend['matmul'] = (a, b, out, m, k, n, transposeA, transposeB, bias) => {
    if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && (bias === null || bias instanceof Float32Array)) {
      kernels.matmulF32(a, b, out, m, k, n, transposeA, transposeB, bias);
    } else {
      jsBackend.matmul(a, b, out, m, k, n, transposeA, transposeB, bias);
    }
  };
  const conv2d: Backend['conv2d'] = (x, kernel, bias, out, g) => {
    if (x instanceof Float32Array && kernel instanceof Float32Array && out instanceof Float32Array && (bias === null || bias instanceof Float32Array)) {
      kernels.conv2dF32(x, kernel, bias, out, g);
    } else {
      jsBackend.conv2d(x, kernel, bias, out, g);
    }
  };
  const large = (x: FloatArray): boolean => x.length >= MIN_ELEMENTS;
  return {
    ...jsBackend,
    name: 'wasm',
    details: kernels.details,
    matmul,
    unary: (op, x, out, p0, p1) => {
      if (!(UNARY.has(op) && large(x) && kernels.unary(op, x, out, p0, p1))) jsBackend.unary(op, x, out, p0, p1);
    },
    conv2d,
    // The convolution and then the activation kernel, as matmulActivation does for a dense layer.
    conv2dActivation: (x, kernel, bias, out, g, name, alpha, activated) => {
      if (!FORWARD.has(name) || !(x instanceof Float32Array && kernel instanceof Float32Array && out instanceof Float32Array && activated instanceof Float32Array)) return false;
      if (bias !== null && !(bias instanceof Float32Array)) return false;
      kernels.conv2dF32(x, kernel, bias, out, g);
      return kernels.activation(name, out, activated, alpha);
    },
    conv2dBackpropInput: (dy, kernel, dx, g) => {
      if (dy instanceof Float32Array && kernel instanceof Float32Array && dx instanceof Float32Array) kernels.conv2dBackpropInputF32(dy, kernel, dx, g);
      else jsBackend.conv2dBackpropInput(dy, kernel, dx, g);
    },
    conv2dBackpropFilter: (x, dy, dkernel, g) => {
      if (x instanceof Float32Array && dy instanceof Float32Array && dkernel instanceof Float32Array) kernels.conv2dBackpropFilterF32(x, dy, dkernel, g);
      else jsBackend.conv2dBackpropFilter(x, dy, dkernel, g);
    },
    maxPool2d: (x, out, indices, g) => {
      if (x instanceof Float32Array && out instanceof Float32Array) kernels.maxPool2dF32(x, out, indices, g);
      else jsBackend.maxPool2d(x, out, indices, g);
    },
    maxPool2dBackprop: (dy, indices, dx) =>
      dy instanceof Float32Array && dx instanceof Float32Array ? kernels.maxPool2dBackpropF32(dy, indices, dx) : jsBackend.maxPool2dBackprop(dy, indices, dx),
    avgPool2d: (x, out, g) => {
      if (x instanceof Float32Array && out instanceof Float32Array) kernels.avgPool2dF32(x, out, g);
      else jsBackend.avgPool2d(x, out, g);
    },
    avgPool2dBackprop: (dy, dx, g) => {
      if (dy instanceof Float32Array && dx instanceof Float32Array) kernels.avgPool2dBackpropF32(dy, dx, g);
      else jsBackend.avgPool2dBackprop(dy, dx, g);
    },
    binary: (op, a, b, out, plan) => {
      if (!(large(out) && kernels.binary(op, a, b, out))) jsBackend.binary(op, a, b, out, plan);
    },
    reduce: (op, x, out, outer, axisLength, inner) => {
      if (op === 'sum' && large(x) && inner >= MIN_SUM_COLUMNS) kernels.reduceSum(x, out, outer, axisLength, inner);
      else jsBackend.reduce(op, x, out, outer, axisLength, inner);
    },
    addScaled: (y, x, alpha) => (large(y) ? kernels.addScaled(y, x, alpha) : jsBackend.addScaled(y, x, alpha)),
    // The product and then the activation kernel, where the module's GEMM (float32) and activation both run.
    matmulActivation: (a, b, out, m, k, n, transposeA, transposeB, bias, name, alpha, activated) => {
      if (!FORWARD.has(name) || !(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && activated instanceof Float32Array)) return false;
      if (bias !== null && !(bias instanceof Float32Array)) return false;
      matmul(a, b, out, m, k, n, transposeA, transposeB, bias);
      return kernels.activation(name, out, activated, alpha);
    },
    activation: (name, z, out, alpha) => FORWARD.has(name) && large(z) && kernels.activation(name, z, out, alpha),
    activationBackward: (name, gradOutput, z, a, out, alpha) => BACKWARD.has(name) && large(out) && kernels.activationBackward(name, gradOutput, z, a, out, alpha),
    allFinite: (x) => (large(x) ? kernels.allFinite(x) : false),
    // The kernels below cannot decline (the interface has no fallback for them), so they run in the
    // module at every size: on the small arrays of a model (biases), a microsecond a call.
    dropout: (bits, threshold, keep, x, out) => kernels.dropout(bits, threshold, keep, x, out),
    randomBits: (state, out) => kernels.randomBits(state, out),
    sgdMomentum: (w, g, velocity, learningRate, momentum, nesterov) => kernels.sgdMomentum(w, g, velocity, learningRate, momentum, nesterov),
    rmsprop: (w, g, meanSquare, learningRate, rho, epsilon) => kernels.rmsprop(w, g, meanSquare, learningRate, rho, epsilon),
    adam: (w, g, mean, variance, learningRate, beta1, beta2, epsilon, correction1, correction2, shrink) =>
      kernels.adam(w, g, mean, variance, learningRate, beta1, beta2, epsilon, correction1, correction2, shrink),
    lstmCell: (xw, hu, cPrev, gates, c, tanhC, h, rows, units) => kernels.lstmCell(xw, hu, cPrev, gates, c, tanhC, h, rows, units),
    swapLeadingAxes: (x, out, outer, inner, width) => kernels.swapLeadingAxes(x, out, outer, inner, width),
    gatherRows: (x, indices, out, rows, width) => {
      if (rows <= GATHER_SOURCE_RATIO[x instanceof Float64Array ? 1 : 0] * indices.length) {
        kernels.gatherRows(x, indices, out, rows, width);
        return;
      }
      // The op's own loop (ops/movement.ts), which it skips when the backend has the kernel.
      for (let r = 0; r < indices.length; r++) {
        const from = indices[r]! * width;
        const to = r * width;
        for (let j = 0; j < width; j++) out[to + j] = x[from + j]!;
      }
    },
  };
}
