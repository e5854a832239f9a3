// The module's elementwise kernels (csrc/activation.c, softmax.c, optimizer.c, elementwise.c) over
// typed arrays: each call copies its operands into the module's memory, runs the kernel, and copies
// what it wrote back. Every kernel takes float32 or float64 arrays and gives the bits of the TypeScript
// loop it replaces (they compute in double and round once on store, as JavaScript does, with V8's
// exp, expm1 and tanh compiled from fdlibm's algorithms in csrc/fdlibm.c).

import type { ModuleMemory } from './module-memory';

type FloatArray = Float32Array | Float64Array;

/** The exports of csrc/ these wrappers call; pointers are byte offsets into `memory`. */
export interface ElementwiseExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  activation_forward(code: number, z: number, a: number, n: number, alpha: number, f64: number): void;
  activation_backward(code: number, g: number, z: number, a: number, dz: number, n: number, alpha: number, f64: number): void;
  softmax_rows(z: number, out: number, rows: number, cols: number, f64: number): void;
  softmax_cross_entropy_backward(p: number, target: number, labels: number, dz: number, rows: number, cols: number, epsilon: number, f64: number, targetF64: number): void;
  add_scaled(y: number, x: number, n: number, alpha: number, f64: number): void;
  sgd_momentum(w: number, g: number, v: number, n: number, lr: number, momentum: number, nesterov: number, f64: number): void;
  rmsprop(w: number, g: number, s: number, n: number, lr: number, rho: number, epsilon: number, f64: number): void;
  adam(w: number, g: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, epsilon: number, correction1: number, correction2: number, shrink: number, f64: number): void;
  unary(op: number, x: number, out: number, n: number, p0: number, p1: number, f64: number): void;
  binary(op: number, a: number, b: number, out: number, n: number, bStep: number, f64: number): void;
  reduce_sum(x: number, out: number, outer: number, length: number, inner: number, accumulators: number, f64: number): void;
  all_finite(x: number, n: number, f64: number): number;
  dropout(bits: number, threshold: number, keep: number, x: number, out: number, n: number, f64: number): void;
  random_bits(state: number, out: number, n: number): void;
  fdlibm_f64(fn: number, x: number, out: number, n: number): void;
}

/** The elementwise kernels, as @nnts/tensor's wasm backend calls them. */
export interface ElementwiseKernels {
  /** a = f(z) for the activation `name` (alpha: LeakyReLU's or ELU's); false for an activation the module lacks. */
  activation(name: string, z: FloatArray, out: FloatArray, alpha: number): boolean;
  /** dz = gradOutput·f'(z), given z and a = f(z); false for an activation the module lacks. */
  activationBackward(name: string, gradOutput: FloatArray, z: FloatArray, a: FloatArray, out: FloatArray, alpha: number): boolean;
  softmax(z: FloatArray, out: FloatArray, rows: number, cols: number): void;
  softmaxCrossEntropyBackward(p: FloatArray, target: FloatArray, labels: boolean, out: FloatArray, rows: number, cols: number, epsilon: number): void;
  addScaled(y: FloatArray, x: FloatArray, alpha: number): void;
  sgdMomentum(w: FloatArray, g: FloatArray, velocity: FloatArray, learningRate: number, momentum: number, nesterov: boolean): void;
  rmsprop(w: FloatArray, g: FloatArray, meanSquare: FloatArray, learningRate: number, rho: number, epsilon: number): void;
  adam(w: FloatArray, g: FloatArray, mean: FloatArray, variance: FloatArray, learningRate: number, beta1: number, beta2: number, epsilon: number, correction1: number, correction2: number, shrink: number): void;
  /** out = op(x) for neg, abs, exp, sqrt, square, tanh, sign and clip (bounds p0, p1); false for another op. */
  unary(op: string, x: FloatArray, out: FloatArray, p0: number, p1: number): boolean;
  /** out = a op b for b as long as a or of one value; false for another op (pow) or other lengths. */
  binary(op: string, a: FloatArray, b: FloatArray, out: FloatArray): boolean;
  /** Sums the middle axis of x viewed as [outer, length, inner] into out[outer·inner]. */
  reduceSum(x: FloatArray, out: FloatArray, outer: number, length: number, inner: number): void;
  allFinite(x: FloatArray): boolean;
  dropout(bits: Uint32Array, threshold: number, keep: number, x: FloatArray, out: FloatArray): void;
  randomBits(state: Int32Array, out: Uint32Array): void;
  /** out = exp, expm1 or tanh of x, as the module computes them, or exp two lanes at a time (expLanes): for tests against Math. */
  mathF64(fn: 'exp' | 'expm1' | 'tanh' | 'expLanes', x: Float64Array, out: Float64Array): void;
}

/** The activation codes of csrc/activation.c. */
const ACTIVATIONS: Readonly<Record<string, number>> = { linear: 0, relu: 1, leakyRelu: 2, elu: 3, sigmoid: 4, tanh: 5 };
/** The op codes of csrc/elementwise.c. */
const UNARY: Readonly<Record<string, number>> = { neg: 0, abs: 1, exp: 2, sqrt: 3, square: 4, tanh: 5, sign: 6, clip: 7 };
const BINARY: Readonly<Record<string, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, equal: 6, notEqual: 7, less: 8, lessEqual: 9, greater: 10, greaterEqual: 11,
};
const MATH: Readonly<Record<string, number>> = { exp: 0, expm1: 1, tanh: 2, expLanes: 3 };

type Operand = Float32Array | Float64Array | Int32Array | Uint32Array;

/** 1 for float64 data, 0 for float32, after checking that every array has the type of the first. */
function typeFlag(kernel: string, arrays: readonly FloatArray[]): number {
  const f64 = arrays[0] instanceof Float64Array;
  for (const array of arrays) {
    if (array instanceof Float64Array !== f64) throw new TypeError(`wasm ${kernel}: the arrays must be all Float32Array or all Float64Array, got a mix`);
  }
  return f64 ? 1 : 0;
}

/**
 * The wrappers over `exports`, with their operands placed in the module's memory by `scratch` (what the
 * other kernels use too: calls never overlap).
 */
export function createElementwiseKernels(exports: ElementwiseExports, scratch: ModuleMemory): ElementwiseKernels {
  const { memory } = exports;
  // Every operand here is a whole number of 4-byte elements (float64 values are two), as scratch counts.
  const place = (byteLengths: readonly number[]): number[] => scratch.place(byteLengths.map((length) => length / 4));
  /**
   * Places the operands and copies them in, then places `extra` byte lengths of space after them (for
   * what a kernel writes); returns the offsets of both.
   */
  const copyIn = (operands: readonly Operand[], extra: readonly number[] = []): number[] => {
    const offsets = place([...operands.map((operand) => operand.byteLength), ...extra]);
    const bytes = new Uint8Array(memory.buffer);
    operands.forEach((operand, i) => bytes.set(new Uint8Array(operand.buffer, operand.byteOffset, operand.byteLength), offsets[i]));
    return offsets;
  };
  /** Copies what the kernel left at `offset` back into `target`. */
  const copyOut = (target: Operand, offset: number): void => {
    const Kind = target.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => Operand;
    target.set(new Kind(memory.buffer, offset, target.length));
  };

  return {
    activation(name, z, out, alpha) {
      const code = ACTIVATIONS[name];
      if (code === undefined) return false;
      const f64 = typeFlag('activation', [z, out]);
      const [iz, iout] = copyIn([z], [out.byteLength]);
      exports.activation_forward(code, iz!, iout!, z.length, alpha, f64);
      copyOut(out, iout!);
      return true;
    },
    activationBackward(name, gradOutput, z, a, out, alpha) {
      const code = ACTIVATIONS[name];
      if (code === undefined) return false;
      const f64 = typeFlag('activationBackward', [gradOutput, z, a, out]);
      // tanh's slope reads only a, the others only z: the unread one is not copied.
      const read = name === 'tanh' ? a : z;
      const [ig, iread, iout] = copyIn([gradOutput, read], [out.byteLength]);
      exports.activation_backward(code, ig!, iread!, iread!, iout!, out.length, alpha, f64);
      copyOut(out, iout!);
      return true;
    },
    softmax(z, out, rows, cols) {
      const f64 = typeFlag('softmax', [z, out]);
      const [iz, iout] = copyIn([z], [out.byteLength]);
      exports.softmax_rows(iz!, iout!, rows, cols, f64);
      copyOut(out, iout!);
    },
    softmaxCrossEntropyBackward(p, target, labels, out, rows, cols, epsilon) {
      const f64 = typeFlag('softmaxCrossEntropyBackward', [p, out]);
      const [ip, itarget, iout] = copyIn([p, target], [out.byteLength]);
      exports.softmax_cross_entropy_backward(ip!, itarget!, labels ? 1 : 0, iout!, rows, cols, epsilon, f64, target instanceof Float64Array ? 1 : 0);
      copyOut(out, iout!);
    },
    addScaled(y, x, alpha) {
      const f64 = typeFlag('addScaled', [y, x]);
      const [iy, ix] = copyIn([y, x]);
      exports.add_scaled(iy!, ix!, y.length, alpha, f64);
      copyOut(y, iy!);
    },
    sgdMomentum(w, g, velocity, learningRate, momentum, nesterov) {
      const f64 = typeFlag('sgdMomentum', [w, g, velocity]);
      const [iw, ig, iv] = copyIn([w, g, velocity]);
      exports.sgd_momentum(iw!, ig!, iv!, w.length, learningRate, momentum, nesterov ? 1 : 0, f64);
      copyOut(w, iw!);
      copyOut(velocity, iv!);
    },
    rmsprop(w, g, meanSquare, learningRate, rho, epsilon) {
      const f64 = typeFlag('rmsprop', [w, g, meanSquare]);
      const [iw, ig, is] = copyIn([w, g, meanSquare]);
      exports.rmsprop(iw!, ig!, is!, w.length, learningRate, rho, epsilon, f64);
      copyOut(w, iw!);
      copyOut(meanSquare, is!);
    },
    adam(w, g, mean, variance, learningRate, beta1, beta2, epsilon, correction1, correction2, shrink) {
      const f64 = typeFlag('adam', [w, g, mean, variance]);
      const [iw, ig, im, iv] = copyIn([w, g, mean, variance]);
      exports.adam(iw!, ig!, im!, iv!, w.length, learningRate, beta1, beta2, epsilon, correction1, correction2, shrink, f64);
      copyOut(w, iw!);
      copyOut(mean, im!);
      copyOut(variance, iv!);
    },
    unary(op, x, out, p0, p1) {
      const code = UNARY[op];
      if (code === undefined) return false;
      const f64 = typeFlag('unary', [x, out]);
      // In place on the copy of x: out may be x, and nothing else is read.
      const [ix] = copyIn([x]);
      exports.unary(code, ix!, ix!, x.length, p0, p1, f64);
      copyOut(out, ix!);
      return true;
    },
    binary(op, a, b, out) {
      const code = BINARY[op];
      if (code === undefined || a.length !== out.length || (b.length !== out.length && b.length !== 1)) return false;
      const f64 = typeFlag('binary', [a, b, out]);
      const [ia, ib] = copyIn([a, b]);
      exports.binary(code, ia!, ib!, ia!, out.length, b.length === 1 ? 0 : 1, f64);
      copyOut(out, ia!);
      return true;
    },
    reduceSum(x, out, outer, length, inner) {
      const f64 = typeFlag('reduceSum', [x, out]);
      const [ix, iout, iacc] = copyIn([x], [out.byteLength, 8 * inner]);
      exports.reduce_sum(ix!, iout!, outer, length, inner, iacc!, f64);
      copyOut(out, iout!);
    },
    allFinite(x) {
      const f64 = typeFlag('allFinite', [x]);
      const [ix] = copyIn([x]);
      return exports.all_finite(ix!, x.length, f64) === 1;
    },
    dropout(bits, threshold, keep, x, out) {
      const f64 = typeFlag('dropout', [x, out]);
      const [ibits, ix] = copyIn([bits, x]);
      exports.dropout(ibits!, threshold, keep, ix!, ix!, out.length, f64);
      copyOut(out, ix!);
    },
    randomBits(state, out) {
      const [istate, iout] = copyIn([state], [out.byteLength]);
      exports.random_bits(istate!, iout!, out.length);
      copyOut(out, iout!);
      copyOut(state, istate!);
    },
    mathF64(fn, x, out) {
      const [ix, iout] = copyIn([x], [out.byteLength]);
      exports.fdlibm_f64(MATH[fn]!, ix!, iout!, x.length);
      copyOut(out, iout!);
    },
  };
}
