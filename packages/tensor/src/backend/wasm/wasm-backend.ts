import type { FloatArray } from '../../dtype';
import type { Backend } from '../backend';
import { jsBackend } from '../js/js-backend';

/** What the backend needs of @nnts/wasm's kernels (its WasmKernels), stated here so tensor's types do not depend on that optional package. */
export interface WasmKernels {
  readonly details: string;
  matmulF32(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Float32Array | null): void;
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
}

/** The activations the module has kernels for (csrc/activation.c). */
const ACTIVATIONS = new Set(['linear', 'relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh']);

/**
 * The WebAssembly backend: the module's SIMD128 GEMM for float32 products, its elementwise kernels
 * where packages/wasm/README.md measured them faster than the TypeScript loops counting the copies in
 * and out of the module's memory, and the TypeScript kernels for everything else (float64 products
 * included), so every model the other backends run runs here. Every elementwise kernel gives the bits
 * of the TypeScript loop it replaces.
 */
export function createWasmBackend(kernels: WasmKernels): Backend {
  const matmul: Backend['matmul'] = (a, b, out, m, k, n, transposeA, transposeB, bias) => {
    if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && (bias === null || bias instanceof Float32Array)) {
      kernels.matmulF32(a, b, out, m, k, n, transposeA, transposeB, bias);
    } else {
      jsBackend.matmul(a, b, out, m, k, n, transposeA, transposeB, bias);
    }
  };
  return {
    ...jsBackend,
    name: 'wasm',
    details: kernels.details,
    matmul,
    unary: (op, x, out, p0, p1) => {
      if (!kernels.unary(op, x, out, p0, p1)) jsBackend.unary(op, x, out, p0, p1);
    },
    binary: (op, a, b, out, plan) => {
      if (!kernels.binary(op, a, b, out)) jsBackend.binary(op, a, b, out, plan);
    },
    reduce: (op, x, out, outer, axisLength, inner) => {
      if (op === 'sum') kernels.reduceSum(x, out, outer, axisLength, inner);
      else jsBackend.reduce(op, x, out, outer, axisLength, inner);
    },
    addScaled: (y, x, alpha) => kernels.addScaled(y, x, alpha),
    // The product and then the activation, on float32 (the module's GEMM is float32 only).
    matmulActivation: (a, b, out, m, k, n, transposeA, transposeB, bias, name, alpha, activated) => {
      if (!ACTIVATIONS.has(name) || !(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && activated instanceof Float32Array)) return false;
      if (bias !== null && !(bias instanceof Float32Array)) return false;
      matmul(a, b, out, m, k, n, transposeA, transposeB, bias);
      return kernels.activation(name, out, activated, alpha);
    },
    activation: (name, z, out, alpha) => kernels.activation(name, z, out, alpha),
    activationBackward: (name, gradOutput, z, a, out, alpha) => kernels.activationBackward(name, gradOutput, z, a, out, alpha),
    softmax: (z, out, rows, cols) => kernels.softmax(z, out, rows, cols),
    softmaxCrossEntropyBackward: (p, target, labels, out, rows, cols, epsilon) => kernels.softmaxCrossEntropyBackward(p, target, labels, out, rows, cols, epsilon),
    allFinite: (x) => kernels.allFinite(x),
    dropout: (bits, threshold, keep, x, out) => kernels.dropout(bits, threshold, keep, x, out),
    randomBits: (state, out) => kernels.randomBits(state, out),
    sgdMomentum: (w, g, velocity, learningRate, momentum, nesterov) => kernels.sgdMomentum(w, g, velocity, learningRate, momentum, nesterov),
    rmsprop: (w, g, meanSquare, learningRate, rho, epsilon) => kernels.rmsprop(w, g, meanSquare, learningRate, rho, epsilon),
    adam: (w, g, mean, variance, learningRate, beta1, beta2, epsilon, correction1, correction2, shrink) =>
      kernels.adam(w, g, mean, variance, learningRate, beta1, beta2, epsilon, correction1, correction2, shrink),
  };
}
