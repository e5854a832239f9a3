// Plain, obviously-correct implementations the fast ops are tested against: index arithmetic on
// flat arrays of JavaScript numbers, no blocking, no tricks. Only tests import this file.
import * as fc from 'fast-check';

export function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** The multi-index of flat position `i` in a row-major array of `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    index[a] = i % shape[a]!;
    i = Math.floor(i / shape[a]!);
  }
  return index;
}

export function ravel(index: readonly number[], shape: readonly number[]): number {
  let offset = 0;
  for (let a = 0; a < shape.length; a++) offset = offset * shape[a]! + index[a]!;
  return offset;
}

/** Elementwise f over two arrays broadcast numpy-style; returns [values, shape]. */
export function referenceBroadcast(
  a: readonly number[], aShape: readonly number[], b: readonly number[], bShape: readonly number[],
  f: (x: number, y: number) => number,
): [number[], number[]] {
  const rank = Math.max(aShape.length, bShape.length);
  const pad = (s: readonly number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const pa = pad(aShape);
  const pb = pad(bShape);
  const shape = pa.map((d, i) => Math.max(d, pb[i]!));
  const out: number[] = [];
  for (let i = 0; i < size(shape); i++) {
    const index = unravel(i, shape);
    const ia = ravel(index.map((v, k) => (pa[k] === 1 ? 0 : v)), pa);
    const ib = ravel(index.map((v, k) => (pb[k] === 1 ? 0 : v)), pb);
    out.push(f(a[ia]!, b[ib]!));
  }
  return [out, shape];
}

export function referenceMatmul(
  a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean,
): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transposeA ? a[p * m + i]! : a[i * k + p]!) * (transposeB ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Shapes of rank 0..maxRank with small dimensions (0 allowed when `allowEmpty`). */
export function shapeArbitrary(maxRank = 4, maxDim = 4, allowEmpty = false): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: allowEmpty ? 0 : 1, max: maxDim }), { maxLength: maxRank });
}

/** Two shapes that broadcast together: each is the output shape with leading axes dropped and some set to 1. */
export function broadcastPairArbitrary(): fc.Arbitrary<[number[], number[]]> {
  const derive = (shape: number[]): fc.Arbitrary<number[]> =>
    fc.tuple(fc.integer({ min: 0, max: shape.length }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }))
      .map(([drop, ones]) => shape.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
  return shapeArbitrary().chain((shape) => fc.tuple(derive(shape), derive(shape)));
}

export function valuesArbitrary(count: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: count, maxLength: count });
}
