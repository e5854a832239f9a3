// The TypeScript loops the elementwise kernels replace, as the packages above this one write them
// (tensor's js/elementwise.ts and reduce.ts, the activation classes' value and slope, softmax.ts,
// CrossEntropy.backwardThroughSoftmax, the optimisers in train's optimizers.ts, Dropout's applyDraws,
// RandomGenerator.nextUint32). This package depends on none of them, so its tests and benchmark carry
// these copies: the tests check the kernels give their bits, the benchmark times them against the kernels.
// @nnts/tensor's wasm-backend tests check the same through the real backends.

type FloatArray = Float32Array | Float64Array;

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The activations' names, as the classes of @nnts/activations give them. */
export const ACTIVATIONS = ['linear', 'relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh'] as const;

// One loop per activation, each with its value or slope written in: what V8 makes of the
// ElementwiseActivation loop in a program that uses one activation class (its call of `value` then
// sees one method and is inlined), the TypeScript backend at its fastest.

export function activation(name: string, z: FloatArray, out: FloatArray, alpha: number): void {
  const n = z.length;
  switch (name) {
    case 'linear':
      for (let i = 0; i < n; i++) out[i] = z[i]!;
      return;
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = z[i]! > 0 ? z[i]! : 0;
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) out[i] = z[i]! > 0 ? z[i]! : alpha * z[i]!;
      return;
    case 'elu':
      for (let i = 0; i < n; i++) out[i] = z[i]! > 0 ? z[i]! : alpha * Math.expm1(z[i]!);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = sigmoid(z[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(z[i]!);
      return;
  }
  throw new Error(`no TypeScript loop for ${name}`);
}

export function activationBackward(name: string, g: FloatArray, z: FloatArray, a: FloatArray, dz: FloatArray, alpha: number): void {
  const n = dz.length;
  switch (name) {
    case 'linear':
      for (let i = 0; i < n; i++) dz[i] = g[i]! * 1;
      return;
    case 'relu':
      for (let i = 0; i < n; i++) dz[i] = g[i]! * (z[i]! > 0 ? 1 : 0);
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) dz[i] = g[i]! * (z[i]! > 0 ? 1 : alpha);
      return;
    case 'elu':
      for (let i = 0; i < n; i++) dz[i] = g[i]! * (z[i]! > 0 ? 1 : alpha * Math.exp(z[i]!));
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dz[i] = g[i]! * (sigmoid(z[i]!) * sigmoid(-z[i]!));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) dz[i] = g[i]! * (1 - a[i]! * a[i]!);
      return;
  }
  throw new Error(`no TypeScript loop for ${name}`);
}

export function softmax(x: FloatArray, y: FloatArray, _rows: number, width: number): void {
  for (let start = 0; start < x.length; start += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, x[start + j]!);
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(x[start + j]! - max);
      y[start + j] = e;
      sum += e;
    }
    for (let j = 0; j < width; j++) y[start + j] /= sum;
  }
}

export function softmaxCrossEntropyBackward(p: FloatArray, y: FloatArray, labels: boolean, dz: FloatArray, rows: number, classes: number, epsilon: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * classes;
    let dot = 0;
    for (let k = 0; k < classes; k++) {
      dz[start + k] = -(labels ? (y[r] === k ? 1 : 0) : y[start + k]!) / Math.max(p[start + k]!, epsilon) / rows;
      dot += dz[start + k]! * p[start + k]!;
    }
    for (let k = 0; k < classes; k++) dz[start + k] = p[start + k]! * (dz[start + k]! - dot);
  }
}

export function addScaled(y: FloatArray, x: FloatArray, alpha: number): void {
  const n = y.length;
  for (let i = 0; i < n; i++) y[i] += alpha * x[i]!;
}

export function sgdMomentum(w: FloatArray, g: FloatArray, v: FloatArray, lr: number, m: number, nesterov: boolean): void {
  for (let i = 0; i < w.length; i++) {
    v[i] = m * v[i]! - lr * g[i]!;
    w[i] += nesterov ? m * v[i]! - lr * g[i]! : v[i]!;
  }
}

export function rmsprop(w: FloatArray, g: FloatArray, s: FloatArray, lr: number, rho: number, epsilon: number): void {
  for (let i = 0; i < w.length; i++) {
    s[i] = rho * s[i]! + (1 - rho) * g[i]! * g[i]!;
    w[i] -= (lr * g[i]!) / (Math.sqrt(s[i]!) + epsilon);
  }
}

export function adam(w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, lr: number, beta1: number, beta2: number, epsilon: number, correction1: number, correction2: number, shrink: number): void {
  if (shrink !== 1) for (let i = 0; i < w.length; i++) w[i] *= shrink;
  for (let i = 0; i < w.length; i++) {
    m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
    v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
    w[i] -= (lr * (m[i]! / correction1)) / (Math.sqrt(v[i]! / correction2) + epsilon);
  }
}

export const UNARY: Readonly<Record<string, (x: number, p0: number, p1: number) => number>> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  sqrt: (x) => Math.sqrt(x),
  square: (x) => x * x,
  tanh: (x) => Math.tanh(x),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  clip: (x, p0, p1) => (x < p0 ? p0 : x > p1 ? p1 : x),
};

export const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
};

export function unary(op: string, x: FloatArray, out: FloatArray, p0: number, p1: number): void {
  const f = UNARY[op]!;
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, p0, p1);
}

/** The backend's binary loop for its two fast cases: b as long as a, or b of one value. */
export function binary(op: string, a: FloatArray, b: FloatArray, out: FloatArray): void {
  const f = BINARY[op]!;
  if (b.length === 1) {
    const bv = b[0]!;
    for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, bv);
    return;
  }
  for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, b[i]!);
}

export function reduceSum(x: FloatArray, out: FloatArray, outer: number, length: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * length * inner + i;
      let sum = 0;
      for (let j = 0; j < length; j++) sum += x[base + j * inner]!;
      out[o * inner + i] = sum;
    }
  }
}

/** findNonFinite's loop, reduced to the answer. */
export function allFinite(x: FloatArray): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) return false;
  }
  return true;
}

export function dropout(bits: Uint32Array, threshold: number, keep: number, xs: FloatArray, ys: FloatArray): void {
  for (let i = 0; i < ys.length; i++) ys[i] = xs[i]! * (bits[i]! < threshold ? 0 : keep);
}

const rotateLeft = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export function randomBits(s: Int32Array, out: Uint32Array): void {
  for (let i = 0; i < out.length; i++) {
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotateLeft(s3, 11);
    out[i] = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
  }
}
