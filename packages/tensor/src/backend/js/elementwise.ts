import type { FloatArray } from '../../dtype';
import type { BinaryOp, BroadcastPlan, UnaryOp } from '../backend';

// Each op is a plain function of numbers, next to its name; the loops below are written once.
const unaryFunctions: Record<UnaryOp, (x: number, p0: number, p1: number) => number> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  square: (x) => x * x,
  tanh: (x) => Math.tanh(x),
  // sign(0) is 0 and sign(NaN) is NaN, as in numpy.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  // NaN stays NaN: clipping must not hide bad data.
  clip: (x, p0, p1) => (x < p0 ? p0 : x > p1 ? p1 : x),
};

const binaryFunctions: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  // NaN wins in maximum/minimum, as in numpy (Math.max already does so).
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
};

export function unary(op: UnaryOp, x: FloatArray, out: FloatArray, p0: number, p1: number): void {
  const f = unaryFunctions[op];
  const n = x.length;
  for (let i = 0; i < n; i++) out[i] = f(x[i]!, p0, p1);
}

export function binary(op: BinaryOp, a: FloatArray, b: FloatArray, out: FloatArray, plan: BroadcastPlan): void {
  const f = binaryFunctions[op];
  const { shape, aStrides, bStrides } = plan;
  const rank = shape.length;
  const size = out.length;
  if (size === 0) return;
  if (a.length === size && b.length === size) {
    for (let i = 0; i < size; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (b.length === 1) {
    const bv = b[0]!;
    for (let i = 0; i < size; i++) out[i] = f(a[i % a.length]!, bv);
    return;
  }
  // General case: walk the output in order, the last axis in a tight loop, an odometer for the rest.
  const inner = rank === 0 ? 1 : shape[rank - 1]!;
  const aInner = rank === 0 ? 0 : aStrides[rank - 1]!;
  const bInner = rank === 0 ? 0 : bStrides[rank - 1]!;
  const counter = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let aBase = 0;
  let bBase = 0;
  for (let o = 0; o < size; o += inner) {
    let ia = aBase;
    let ib = bBase;
    for (let j = 0; j < inner; j++) {
      out[o + j] = f(a[ia]!, b[ib]!);
      ia += aInner;
      ib += bInner;
    }
    for (let axis = rank - 2; axis >= 0; axis--) {
      counter[axis]!++;
      aBase += aStrides[axis]!;
      bBase += bStrides[axis]!;
      if (counter[axis]! < shape[axis]!) break;
      aBase -= aStrides[axis]! * shape[axis]!;
      bBase -= bStrides[axis]! * shape[axis]!;
      counter[axis] = 0;
    }
  }
}

export function addScaled(y: FloatArray, x: FloatArray, alpha: number): void {
  const n = y.length;
  for (let i = 0; i < n; i++) y[i] += alpha * x[i]!;
}
