import { describe, expect, it } from 'vitest';
import type { NativeBinding } from './index';
import { loadNative } from './index';

const { binding, error } = loadNative();
const describeNative = binding ? describe : describe.skip;

it('loads, or says why not (and always loads on CI, where the toolchain is known to be present)', () => {
  if (process.env.CI) expect(error).toBeNull();
  if (!binding) expect(error).toMatch(/\w/);
});

// A tiny seeded generator, so this package needs nothing above it.
function filler(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, ta: boolean, tb: boolean, bias: ArrayLike<number> | null): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!);
      c[i * n + j] = sum + (bias ? bias[j]! : 0);
    }
  }
  return c;
}

describeNative('native matmul', () => {
  const native = binding as NativeBinding;
  // Shapes around every blocking edge: tiles (8 x 32, 6 x 16), KC = 256, MC = 120, NC = 2048.
  const shapes: [number, number, number][] = [[1, 1, 1], [7, 5, 3], [9, 257, 33], [121, 300, 65], [64, 784, 100], [3, 2, 2100], [500, 30, 10], [2, 0, 3]];

  for (const Type of [Float32Array, Float64Array]) {
    it(`matches the triple loop for every transposition, with and without bias (${Type.name})`, () => {
      const next = filler(1);
      for (const [m, k, n] of shapes) {
        const a = new Type(Array.from({ length: m * k }, next));
        const b = new Type(Array.from({ length: k * n }, next));
        const bias = new Type(Array.from({ length: n }, next));
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            for (const withBias of [false, true]) {
              const out = new Type(m * n).fill(Number.NaN);
              native.matmul(a, b, out, m, k, n, ta, tb, withBias ? bias : null);
              const expected = naive(a, b, m, k, n, ta, tb, withBias ? bias : null);
              const tolerance = Type === Float32Array ? 1e-5 * Math.max(1, k) : 1e-12 * Math.max(1, k);
              for (let i = 0; i < expected.length; i++) expect(Math.abs(out[i]! - expected[i]!)).toBeLessThanOrEqual(tolerance);
            }
          }
        }
      }
    });
  }

  it('applies an activation to the product in the same call, on every thread\'s part', () => {
    const next = filler(3);
    for (const [m, k, n] of [[300, 200, 70], [5, 3, 40], [4, 0, 3]] as [number, number, number][]) {
      const a = Float32Array.from({ length: m * k }, next);
      const b = Float32Array.from({ length: k * n }, next);
      const bias = Float32Array.from({ length: n }, next);
      const z = new Float32Array(m * n);
      const activated = new Float32Array(m * n).fill(Number.NaN);
      native.matmul(a, b, z, m, k, n, false, false, bias, 2, 0.1, activated);
      const separate = new Float32Array(m * n);
      native.activation(2, z, separate, 0.1);
      expect(activated).toEqual(separate);
      expect(z.some((v) => v < 0)).toBe(true);
    }
  });

  it('gives bit-identical results on 1 or 2 threads and with AVX2 or AVX-512 kernels', () => {
    const next = filler(2);
    const [m, k, n] = [300, 700, 200];
    const a = Float32Array.from({ length: m * k }, next);
    const b = Float32Array.from({ length: k * n }, next);
    const { isa, threads } = native.info();
    const run = (): Float32Array => {
      const out = new Float32Array(m * n);
      native.matmul(a, b, out, m, k, n, false, true, null);
      return out;
    };
    const reference = run();
    native.configure(null, 1);
    expect(run()).toEqual(reference);
    native.configure(null, threads);
    for (const other of ['avx2', 'avx512'] as const) {
      if (native.configure(other, 0)) expect(run()).toEqual(reference);
    }
    native.configure(isa, 0);
    expect(native.info()).toEqual({ isa, threads });
  });

  it('refuses arrays shorter than the sizes, mixed types and non-float arrays, instead of touching other memory', () => {
    const f32 = new Float32Array(6);
    expect(() => native.matmul(f32, f32, new Float32Array(4), 2, 3, 2, false, false, null)).not.toThrow();
    expect(() => native.matmul(f32, f32, new Float32Array(3), 2, 3, 2, false, false, null)).toThrow(/shorter than the sizes/);
    expect(() => native.matmul(f32, new Float64Array(6), new Float32Array(4), 2, 3, 2, false, false, null)).toThrow(/all be float32 or all float64/);
    expect(() => native.matmul(f32, f32, new Float32Array(4), 2, 3, 2, false, false, new Float32Array(1))).toThrow(/shorter/);
    expect(() => native.sgd(new Int32Array(2) as never, f32, 1)).toThrow(/Float32Array or Float64Array/);
    expect(() => native.matmul(f32, f32, f32, -1, 3, 2, false, false, null)).toThrow(/integers/);
  });
});

describeNative('native fused kernels', () => {
  const native = binding as NativeBinding;

  it('activations compute the TypeScript formulas in double and round once', () => {
    const z = new Float64Array([-3, -0.5, 0, 0.25, 4]);
    const out = new Float64Array(5);
    native.activation(2, z, out, 0.1);
    expect([...out]).toEqual([-0.30000000000000004, -0.05, 0, 0.25, 4]);
    native.activation(4, z, out, 0);
    expect(out[2]).toBe(0.5);
    expect(out[0]).toBeCloseTo(1 / (1 + Math.exp(3)), 15);
    const g = new Float64Array([1, 2, 3, 4, 5]);
    native.activationBackward(1, g, z, z, out, 0);
    expect([...out]).toEqual([0, 0, 0, 4, 5]);
    native.activationBackward(3, g, z, z, out, 2);
    expect(out[0]).toBeCloseTo(2 * Math.exp(-3), 15);
    expect(out[4]).toBe(5);
  });

  it('softmax rows sum to 1 and survive large logits; its cross-entropy gradient is (p - y) / n where nothing is clipped', () => {
    const z = new Float32Array([1000, 1001, 1002, 0, 0, 0]);
    const p = new Float32Array(6);
    native.softmax(z, p, 2, 3);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 6);
    expect(p[3]).toBeCloseTo(1 / 3, 7);
    const dz = new Float32Array(6);
    native.softmaxCrossEntropyBackward(p, new Float32Array([2, 0]), true, dz, 2, 3, 1e-7);
    const expected = [p[0]! / 2, p[1]! / 2, (p[2]! - 1) / 2, (p[3]! - 1) / 2, p[4]! / 2, p[5]! / 2];
    for (let i = 0; i < 6; i++) expect(dz[i]).toBeCloseTo(expected[i]!, 7);
  });

  it('sums in double in index order, the bits of a plain JavaScript loop, for narrow and wide rows', () => {
    const next = filler(4);
    for (const inner of [1, 2, 5, 6, 7, 8, 9, 16, 17, 32, 33, 120]) {
      const [outer, length] = [2, 301];
      const x = Float32Array.from({ length: outer * length * inner }, () => next() * 1000);
      const sums = new Float32Array(outer * inner);
      native.sum(x, sums, outer, length, inner);
      const expected = new Float32Array(outer * inner);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let s = 0;
          for (let j = 0; j < length; j++) s += x[(o * length + j) * inner + i]!;
          expected[o * inner + i] = s;
        }
      }
      expect(sums).toEqual(expected);
    }
  });

  it('optimiser updates, sums and the finiteness check', () => {
    const w = new Float64Array([1, 2]);
    native.sgd(w, new Float64Array([10, 20]), 0.1);
    expect([...w]).toEqual([0, 0]);
    const sums = new Float64Array(2);
    native.sum(new Float64Array([1, 2, 3, 4, 5, 6]), sums, 1, 3, 2);
    expect([...sums]).toEqual([9, 12]);
    expect(native.allFinite(new Float32Array([1, 2, 3]))).toBe(true);
    expect(native.allFinite(new Float32Array([1, Number.NaN, 3]))).toBe(false);
    expect(native.allFinite(new Float64Array([Number.NEGATIVE_INFINITY]))).toBe(false);
    const m = new Float64Array(1);
    const v = new Float64Array(1);
    const x = new Float64Array([1]);
    native.adam(x, new Float64Array([0.5]), m, v, 0.1, 0.9, 0.999, 1e-8, 0.1, 0.001, 1);
    // The first Adam step moves by almost exactly the learning rate.
    expect(x[0]).toBeCloseTo(0.9, 6);
  });
});
