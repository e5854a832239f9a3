// Each elementwise kernel against the TypeScript loop it replaces (bench/typescript-loops.ts), bit for
// bit, in float32 and float64, on random values and the edge cases (±0, subnormals, values where exp
// overflows or underflows, ±∞, NaN).
import { describe, expect, it } from 'vitest';
import * as ts from '../bench/typescript-loops';
import { loadWasmKernels } from './kernels';

type FloatArray = Float32Array | Float64Array;
const kernels = loadWasmKernels({ threads: 1 });
const EDGES = [0, -0, 1e-40, -1e-40, 5e-324, 1e-310, -1e-310, 1, -1, 0.5, 22, -22, 88, -88, 89, -104, 710, -746, 1e38, -1e38, 3e38, Infinity, -Infinity, NaN];

/** count values: normal draws of spread `scale` with the edge cases spread through them. */
function data(count: number, seed: number, f64: boolean, scale = 4, edges = true): FloatArray {
  const out = f64 ? new Float64Array(count) : new Float32Array(count);
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 2 ** 32;
  };
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) * scale;
  if (edges) for (let i = 0; i < EDGES.length && i * 37 < count; i++) out[i * 37] = EDGES[i]!;
  return out;
}

function like(x: FloatArray): FloatArray {
  return x instanceof Float64Array ? new Float64Array(x.length) : new Float32Array(x.length);
}

/** The first differing positions, as text; [] when every value has the same bits (NaN matches NaN). */
function differences(actual: ArrayLike<number>, expected: ArrayLike<number>): string[] {
  const found: string[] = [];
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length && found.length < 5; i++) if (!Object.is(actual[i], expected[i])) found.push(`[${i}] ${actual[i]} instead of ${expected[i]}`);
  return found;
}

describe.each([false, true])('the elementwise kernels, float64 = %s', (f64) => {
  const n = 20_011;
  const z = data(n, 1, f64);
  const g = data(n, 2, f64, 1);

  it('activations and their backward passes give the TypeScript classes\' bits', () => {
    for (const [name, alpha] of [['linear', 0], ['relu', 0], ['leakyRelu', 0.01], ['leakyRelu', 0.3], ['elu', 1], ['elu', 0.7], ['sigmoid', 0], ['tanh', 0]] as const) {
      const [viaWasm, viaTs] = [like(z), like(z)];
      expect(kernels.activation(name, z, viaWasm, alpha)).toBe(true);
      ts.activation(name, z, viaTs, alpha);
      expect(differences(viaWasm, viaTs), `${name} forward`).toEqual([]);
      const [dzWasm, dzTs] = [like(z), like(z)];
      expect(kernels.activationBackward(name, g, z, viaTs, dzWasm, alpha)).toBe(true);
      ts.activationBackward(name, g, z, viaTs, dzTs, alpha);
      expect(differences(dzWasm, dzTs), `${name} backward`).toEqual([]);
    }
    expect(kernels.activation('gelu', z, like(z), 0)).toBe(false);
    expect(kernels.activationBackward('softplus', g, z, z, like(z), 0)).toBe(false);
  });

  it('softmax and its backward pass through cross-entropy give the TypeScript bits, with labels and with one-hot rows', () => {
    for (const [rows, cols] of [[500, 10], [7, 1], [33, 129]] as const) {
      const logits = data(rows * cols, 3, f64, 6, cols > 1);
      const [pWasm, pTs] = [like(logits), like(logits)];
      kernels.softmax(logits, pWasm, rows, cols);
      ts.softmax(logits, pTs, rows, cols);
      expect(differences(pWasm, pTs), `softmax ${rows}x${cols}`).toEqual([]);
      const labels = like(logits).subarray(0, rows);
      labels.forEach((_, r) => (labels[r] = (r * 7) % cols));
      const oneHot = like(logits);
      labels.forEach((label, r) => (oneHot[r * cols + label] = 1));
      for (const [target, isLabels] of [[labels, true], [oneHot, false], [new Float64Array(oneHot), false]] as const) {
        const [dzWasm, dzTs] = [like(logits), like(logits)];
        kernels.softmaxCrossEntropyBackward(pTs, target, isLabels, dzWasm, rows, cols, 1e-7);
        ts.softmaxCrossEntropyBackward(pTs, target, isLabels, dzTs, rows, cols, 1e-7);
        expect(differences(dzWasm, dzTs), `cross-entropy ${rows}x${cols}, labels ${isLabels}`).toEqual([]);
      }
    }
  });

  it('the optimiser updates give the TypeScript bits in every array they write', () => {
    const w = data(n, 4, f64, 0.1, false);
    const moment = data(n, 5, f64, 0.01, false);
    const square = data(n, 6, f64, 0.001, false).map(Math.abs) as FloatArray;
    const run = (update: (w: FloatArray, a: FloatArray, b: FloatArray) => void): FloatArray[] => {
      const arrays = [w.slice(), moment.slice(), square.slice()] as [FloatArray, FloatArray, FloatArray];
      update(...arrays);
      return arrays;
    };
    const cases: [string, (w: FloatArray, a: FloatArray, b: FloatArray) => void, (w: FloatArray, a: FloatArray, b: FloatArray) => void][] = [
      ['addScaled', (w) => kernels.addScaled(w, g, -0.013), (w) => ts.addScaled(w, g, -0.013)],
      ['sgdMomentum', (w, v) => kernels.sgdMomentum(w, g, v, 0.01, 0.9, false), (w, v) => ts.sgdMomentum(w, g, v, 0.01, 0.9, false)],
      ['nesterov', (w, v) => kernels.sgdMomentum(w, g, v, 0.01, 0.9, true), (w, v) => ts.sgdMomentum(w, g, v, 0.01, 0.9, true)],
      ['rmsprop', (w, _m, s) => kernels.rmsprop(w, g, s, 0.001, 0.9, 1e-7), (w, _m, s) => ts.rmsprop(w, g, s, 0.001, 0.9, 1e-7)],
      ['adam', (w, m, v) => kernels.adam(w, g, m, v, 0.001, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3, 1), (w, m, v) => ts.adam(w, g, m, v, 0.001, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3, 1)],
      ['adamw', (w, m, v) => kernels.adam(w, g, m, v, 0.001, 0.9, 0.999, 1e-8, 0.1, 0.001, 1 - 0.001 * 0.01), (w, m, v) => ts.adam(w, g, m, v, 0.001, 0.9, 0.999, 1e-8, 0.1, 0.001, 1 - 0.001 * 0.01)],
    ];
    for (const [name, viaWasm, viaTs] of cases) {
      const [a, b] = [run(viaWasm), run(viaTs)];
      for (let k = 0; k < 3; k++) expect(differences(a[k]!, b[k]!), `${name}, array ${k}`).toEqual([]);
    }
  });

  it('unary and binary ops, the column sums, dropout and the finiteness check give the TypeScript answers', () => {
    for (const op of Object.keys(ts.UNARY)) {
      const [viaWasm, viaTs] = [like(z), like(z)];
      expect(kernels.unary(op, z, viaWasm, -1.5, 2.25)).toBe(true);
      ts.unary(op, z, viaTs, -1.5, 2.25);
      expect(differences(viaWasm, viaTs), op).toEqual([]);
    }
    expect(kernels.unary('log', z, like(z), 0, 0)).toBe(false);
    for (const op of Object.keys(ts.BINARY)) {
      for (const b of [g, g.subarray(5, 6), z]) {
        const [viaWasm, viaTs] = [like(z), like(z)];
        expect(kernels.binary(op, z, b, viaWasm)).toBe(true);
        ts.binary(op, z, b, viaTs);
        expect(differences(viaWasm, viaTs), `${op}, b of ${b.length}`).toEqual([]);
      }
    }
    expect(kernels.binary('pow', z, g, like(z))).toBe(false);
    expect(kernels.binary('add', z, g.subarray(0, 10), like(z))).toBe(false);
    for (const [outer, length, inner] of [[1, 500, 40], [3, 7, 950], [20_011, 1, 1], [1, 20_011, 1]] as const) {
      const [viaWasm, viaTs] = [like(z).subarray(0, outer * inner), like(z).subarray(0, outer * inner)];
      kernels.reduceSum(g.subarray(0, outer * length * inner), viaWasm, outer, length, inner);
      ts.reduceSum(g.subarray(0, outer * length * inner), viaTs, outer, length, inner);
      expect(differences(viaWasm, viaTs), `sum of [${outer}, ${length}, ${inner}]`).toEqual([]);
    }
    const bits = new Uint32Array(n);
    ts.randomBits(new Int32Array([9, 8, 7, 6]), bits);
    for (const [threshold, keep] of [[2 ** 31, 2], [Math.round(0.3 * 2 ** 32), Math.fround(1 / 0.7)], [0, 1], [2 ** 32, 5]] as const) {
      const [viaWasm, viaTs] = [like(z), like(z)];
      kernels.dropout(bits, threshold, keep, z, viaWasm);
      ts.dropout(bits, threshold, keep, z, viaTs);
      expect(differences(viaWasm, viaTs), `dropout ${threshold}`).toEqual([]);
    }
    const finite = data(n, 7, f64, 1e30, false);
    expect(kernels.allFinite(finite)).toBe(true);
    expect(kernels.allFinite(z)).toBe(false);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = finite.slice();
      x[n - 1] = bad;
      expect(kernels.allFinite(x)).toBe(false);
    }
    expect(kernels.allFinite(g.subarray(0, 0))).toBe(true);
  });

  it('rejects arrays of mixed types, naming the kernel', () => {
    const other = f64 ? new Float32Array(n) : new Float64Array(n);
    expect(() => kernels.activation('relu', z, other, 0)).toThrow(/wasm activation: the arrays must be all Float32Array or all Float64Array/);
    expect(() => kernels.adam(z, g, other, z, 1, 0.9, 0.9, 1e-8, 1, 1, 1)).toThrow(/wasm adam/);
  });
});

describe('randomBits', () => {
  it('draws RandomGenerator\'s xoshiro128** stream and leaves the state where the TypeScript loop does', () => {
    const [stateWasm, stateTs] = [new Int32Array([1, -2, 3, 0x7fffffff]), new Int32Array([1, -2, 3, 0x7fffffff])];
    const [viaWasm, viaTs] = [new Uint32Array(10_001), new Uint32Array(10_001)];
    kernels.randomBits(stateWasm, viaWasm);
    ts.randomBits(stateTs, viaTs);
    expect(differences(viaWasm, viaTs)).toEqual([]);
    expect(Array.from(stateWasm)).toEqual(Array.from(stateTs));
    kernels.randomBits(stateWasm, viaWasm.subarray(0, 3));
    ts.randomBits(stateTs, viaTs.subarray(0, 3));
    expect(Array.from(viaWasm.subarray(0, 3))).toEqual(Array.from(viaTs.subarray(0, 3)));
  });

  it('gives the same on the shared two-thread build, whose memory grows as a SharedArrayBuffer', () => {
    const shared = loadWasmKernels({ threads: 2 });
    const x = data(3_000_000, 11, false);
    const [viaWasm, viaTs] = [like(x), like(x)];
    shared.activation('sigmoid', x, viaWasm, 0);
    ts.activation('sigmoid', x, viaTs, 0);
    expect(differences(viaWasm, viaTs)).toEqual([]);
  });
});
