import { describe, expect, it } from 'vitest';
import type { NativeBinding, NativeIsa } from './index';
import { loadNative } from './index';

const { binding } = loadNative();
const describeNative = binding ? describe : describe.skip;

type Floats = Float32Array | Float64Array;
type FloatType = Float32ArrayConstructor | Float64ArrayConstructor;

// A tiny seeded generator, so this package needs nothing above it.
function filler(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** A new array of `Type` with element i = value(i) (Type.from does not type-check on a union of constructors). */
function build(Type: FloatType, length: number, value: (i: number) => number): Floats {
  const out = new Type(length);
  for (let i = 0; i < length; i++) out[i] = value(i);
  return out;
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The spacing of float32 values at `exact` (the smallest subnormal's below the normal range). */
function ulp32(exact: number): number {
  const a = Math.abs(exact);
  if (a < 2 ** -126) return 2 ** -149;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 23);
}

/** The largest error of `got` against `exact(i)`, in float32 ulps of the exact value. */
function maxUlps(got: Float32Array, exact: (i: number) => number): number {
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - exact(i)) / ulp32(exact(i)));
  return worst;
}

/** The largest of |got - exact| / scale over the elements: float64 results against the reference. */
function maxRelative(got: Float64Array, exact: (i: number) => number, scale: (i: number) => number = (i) => Math.abs(exact(i))): number {
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - exact(i)) / Math.max(scale(i), 1e-300));
  return worst;
}

function sameBits(a: Floats[], b: Floats[]): boolean {
  return a.every((x, k) => {
    const [p, q] = [new Uint8Array(x.buffer, x.byteOffset, x.byteLength), new Uint8Array(b[k]!.buffer, b[k]!.byteOffset, b[k]!.byteLength)];
    return p.length === q.length && p.every((v, i) => v === q[i]);
  });
}

// Pre-activations up to ±20 (where rounding xw + hu to float before σ would already cost 10 ulps), with
// every 17th far out or tiny.
const EXTREMES = [100, -100, 0, -0, 1e-30, -1e-30, 1e-40, 88.7, -88.7, 104, -104, 1e30, -1e30, 0.625, -0.625, 9, -17];
function gateInputs(Type: FloatType, length: number, next: () => number, scale: number): Floats {
  return build(Type, length, (i) => (i % 17 === 5 ? EXTREMES[(i / 17) % EXTREMES.length | 0]! : next() * scale));
}

// The (rows, units) pairs every kernel is checked on: units of 1 and 3 leave only a vector's tail, 33
// a body and a tail; 128 rows split between threads.
const SIZES: [number, number][] = [1, 7, 128].flatMap((rows) => [1, 3, 33].map((units): [number, number] => [rows, units]));

/** The LSTM step of cells.ts, in double, for the gates' exact values. */
function lstmReference(xw: Floats, hu: Floats, cPrev: Floats, rows: number, units: number) {
  const gates = new Float64Array(rows * 4 * units);
  const c = new Float64Array(rows * units);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < units; j++) {
      const z = (k: number) => xw[r * 4 * units + k * units + j]! + hu[r * 4 * units + k * units + j]!;
      const [i, f, g, o] = [sigmoid(z(0)), sigmoid(z(1)), Math.tanh(z(2)), sigmoid(z(3))];
      for (const [k, v] of [i, f, g, o].entries()) gates[r * 4 * units + k * units + j] = v;
      c[r * units + j] = f * cPrev[r * units + j]! + i * g;
    }
  }
  return { gates, c };
}

function lstmForward(native: NativeBinding, Type: FloatType, xw: Floats, hu: Floats, cPrev: Floats, rows: number, units: number) {
  const empty = (width: number): Floats => new Type(rows * width).fill(Number.NaN);
  const out = { gates: empty(4 * units), c: empty(units), tanhC: empty(units), h: empty(units) };
  native.lstmCell(xw, hu, cPrev, out.gates, out.c, out.tanhC, out.h, rows, units);
  return out;
}

/** The GRU step of cells.ts, in double, for z and r; n from the reset gate the kernel stored. */
function gruReference(xw: Floats, hu: Floats, storedGates: Floats, rows: number, units: number) {
  const gates = new Float64Array(rows * 3 * units);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < units; j++) {
      const at = (k: number) => r * 3 * units + k * units + j;
      gates[at(0)] = sigmoid(xw[at(0)]! + hu[at(0)]!);
      gates[at(1)] = sigmoid(xw[at(1)]! + hu[at(1)]!);
      gates[at(2)] = Math.tanh(xw[at(2)]! + storedGates[at(1)]! * hu[at(2)]!);
    }
  }
  return gates;
}

function gruForward(native: NativeBinding, Type: FloatType, xw: Floats, hu: Floats, hPrev: Floats, rows: number, units: number) {
  const gates = new Type(rows * 3 * units).fill(Number.NaN);
  const h = new Type(rows * units).fill(Number.NaN);
  native.gruCell(xw, hu, hPrev, gates, h, rows, units);
  return { gates, h };
}

// The backward loops of cells.ts on typed arrays: JavaScript's doubles, rounded once on each store.
function lstmBackwardReference(Type: FloatType, gates: Floats, cPrev: Floats, tanhC: Floats, dh: Floats, dcIn: Floats, rows: number, units: number) {
  const dz = new Type(rows * 4 * units);
  const dc = Type.from(dcIn);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < units; j++) {
      const [zr, sr] = [r * 4 * units, r * units];
      const [i, f, g, o] = [gates[zr + j]!, gates[zr + units + j]!, gates[zr + 2 * units + j]!, gates[zr + 3 * units + j]!];
      const [t, gradH] = [tanhC[sr + j]!, dh[sr + j]!];
      const gradC = dc[sr + j]! + gradH * o * (1 - t * t);
      dz[zr + j] = gradC * g * i * (1 - i);
      dz[zr + units + j] = gradC * cPrev[sr + j]! * f * (1 - f);
      dz[zr + 2 * units + j] = gradC * i * (1 - g * g);
      dz[zr + 3 * units + j] = gradH * t * o * (1 - o);
      dc[sr + j] = gradC * f;
    }
  }
  return { dz, dc };
}

function gruBackwardReference(Type: FloatType, gates: Floats, hu: Floats, hPrev: Floats, dh: Floats, rows: number, units: number) {
  const [dxw, dhu, dhPrev] = [new Type(rows * 3 * units), new Type(rows * 3 * units), new Type(rows * units)];
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < units; j++) {
      const [zr, sr] = [r * 3 * units, r * units];
      const [z, reset, n, gradH] = [gates[zr + j]!, gates[zr + units + j]!, gates[zr + 2 * units + j]!, dh[sr + j]!];
      const gradZ = gradH * (hPrev[sr + j]! - n) * z * (1 - z);
      const gradN = gradH * (1 - z) * (1 - n * n);
      const gradReset = gradN * hu[zr + 2 * units + j]! * reset * (1 - reset);
      [dxw[zr + j], dxw[zr + units + j], dxw[zr + 2 * units + j]] = [gradZ, gradReset, gradN];
      [dhu[zr + j], dhu[zr + units + j], dhu[zr + 2 * units + j]] = [gradZ, gradReset, gradN * reset];
      dhPrev[sr + j] = gradH * z;
    }
  }
  return { dxw, dhu, dhPrev };
}

describeNative('native LSTM and GRU cells', () => {
  const native = binding as NativeBinding;

  // float32 forward steps use vectorised exp and tanh: measured over every float against double,
  // sigmoid is within 2.4 ulps and tanh 1.4 (bench/recurrent-accuracy.cc), so 3 ulps can only fail on a
  // real error. What follows a gate is exact given the stored gates, and checked to the bit: c rounds
  // f·cPrev + i·g once from double (products of floats are exact there), h = o·tanhC rounds once.
  it('computes an LSTM step within 3 ulps of double precision in float32, and exactly what follows from its gates', () => {
    const next = filler(1);
    for (const [rows, units] of SIZES) {
      const xw = gateInputs(Float32Array, rows * 4 * units, next, 40);
      const hu = gateInputs(Float32Array, rows * 4 * units, next, 2);
      const cPrev = Float32Array.from({ length: rows * units }, () => next() * 4);
      const out = lstmForward(native, Float32Array, xw, hu, cPrev, rows, units);
      const exact = lstmReference(xw, hu, cPrev, rows, units);
      const label = `rows ${rows}, units ${units}`;
      expect(maxUlps(out.gates as Float32Array, (i) => exact.gates[i]!), label).toBeLessThanOrEqual(3);
      const g = out.gates;
      const cell = (i: number) => {
        const [r, j] = [Math.floor(i / units), i % units];
        const at = (k: number) => g[r * 4 * units + k * units + j]!;
        return at(1) * cPrev[i]! + at(0) * at(2);
      };
      expect(out.c, label).toEqual(Float32Array.from({ length: rows * units }, (_, i) => cell(i)));
      // tanh reads the cell before its rounding to float32, as the double loop does.
      expect(maxUlps(out.tanhC as Float32Array, (i) => Math.tanh(cell(i))), label).toBeLessThanOrEqual(2);
      const o = (i: number) => g[Math.floor(i / units) * 4 * units + 3 * units + (i % units)]!;
      expect(out.h, label).toEqual(Float32Array.from({ length: rows * units }, (_, i) => o(i) * out.tanhC[i]!));
    }
  });

  it('computes an LSTM step in float64 as the TypeScript loop does, to 1e-12', () => {
    const next = filler(2);
    for (const [rows, units] of SIZES) {
      const xw = gateInputs(Float64Array, rows * 4 * units, next, 40);
      const hu = gateInputs(Float64Array, rows * 4 * units, next, 2);
      const cPrev = Float64Array.from({ length: rows * units }, () => next() * 4);
      const out = lstmForward(native, Float64Array, xw, hu, cPrev, rows, units);
      const exact = lstmReference(xw, hu, cPrev, rows, units);
      const o = (i: number) => exact.gates[Math.floor(i / units) * 4 * units + 3 * units + (i % units)]!;
      const label = `rows ${rows}, units ${units}`;
      expect(maxRelative(out.gates as Float64Array, (i) => exact.gates[i]!), label).toBeLessThanOrEqual(1e-12);
      // c = f·cPrev + i·g can cancel: its error is relative to the terms, and tanh's and h's follow it.
      const terms = (i: number) => Math.abs(exact.c[i]!) + 2 * Math.abs(cPrev[i]!) + 1;
      expect(maxRelative(out.c as Float64Array, (i) => exact.c[i]!, terms), label).toBeLessThanOrEqual(1e-12);
      expect(maxRelative(out.tanhC as Float64Array, (i) => Math.tanh(exact.c[i]!), terms), label).toBeLessThanOrEqual(1e-12);
      expect(maxRelative(out.h as Float64Array, (i) => o(i) * Math.tanh(exact.c[i]!), terms), label).toBeLessThanOrEqual(1e-12);
    }
  });

  it('computes a GRU step within 3 ulps in float32 and to 1e-12 in float64, h exactly from its gates', () => {
    const next = filler(3);
    for (const [rows, units] of SIZES) {
      const label = `rows ${rows}, units ${units}`;
      for (const Type of [Float32Array, Float64Array]) {
        const xw = gateInputs(Type, rows * 3 * units, next, 40);
        const hu = gateInputs(Type, rows * 3 * units, next, 2);
        const hPrev = build(Type, rows * units, () => next() * 2);
        const out = gruForward(native, Type, xw, hu, hPrev, rows, units);
        // n against the reset gate the kernel stored: xw + r·hu can cancel, so a last-bit difference in
        // r may move n by more than an ulp. r itself is checked against the exact value.
        const exact = gruReference(xw, hu, out.gates, rows, units);
        const z = (i: number) => out.gates[Math.floor(i / units) * 3 * units + (i % units)]!;
        const n = (i: number) => out.gates[Math.floor(i / units) * 3 * units + 2 * units + (i % units)]!;
        const h = build(Type, rows * units, (i) => z(i) * hPrev[i]! + (1 - z(i)) * n(i));
        if (Type === Float32Array) {
          expect(maxUlps(out.gates as Float32Array, (i) => exact[i]!), label).toBeLessThanOrEqual(3);
          expect(out.h, label).toEqual(h);
        } else {
          expect(maxRelative(out.gates as Float64Array, (i) => exact[i]!), label).toBeLessThanOrEqual(1e-12);
          expect(maxRelative(out.h as Float64Array, (i) => h[i]!, (i) => Math.abs(hPrev[i]!) + 1), label).toBeLessThanOrEqual(1e-12);
        }
      }
    }
  });

  // The backward steps are products and sums only, computed in double and rounded once, in the
  // TypeScript loop's order: the bits of the loop on typed arrays of either type.
  it('goes back through an LSTM step and a GRU step with the TypeScript loop\'s bits, dc overwritten in place', () => {
    const next = filler(4);
    for (const [rows, units] of SIZES) {
      for (const Type of [Float32Array, Float64Array]) {
        const label = `${Type.name}, rows ${rows}, units ${units}`;
        const state = () => build(Type, rows * units, () => next() * 3);
        const xw = gateInputs(Type, rows * 4 * units, next, 8);
        const cPrev = state();
        const forward = lstmForward(native, Type, xw, build(Type, xw.length, () => next()), cPrev, rows, units);
        const dh = state();
        const dc = state();
        const expected = lstmBackwardReference(Type, forward.gates, cPrev, forward.tanhC, dh, dc, rows, units);
        const dz = new Type(rows * 4 * units).fill(Number.NaN);
        native.lstmCellBackward(forward.gates, cPrev, forward.tanhC, dh, dc, dz, rows, units);
        expect(dz, label).toEqual(expected.dz);
        expect(dc, label).toEqual(expected.dc);

        const hu = gateInputs(Type, rows * 3 * units, next, 2);
        const hPrev = state();
        const gru = gruForward(native, Type, gateInputs(Type, rows * 3 * units, next, 8), hu, hPrev, rows, units);
        const gruExpected = gruBackwardReference(Type, gru.gates, hu, hPrev, dh, rows, units);
        const [dxw, dhu, dhPrev] = [new Type(rows * 3 * units).fill(Number.NaN), new Type(rows * 3 * units).fill(Number.NaN), new Type(rows * units).fill(Number.NaN)];
        native.gruCellBackward(gru.gates, hu, hPrev, dh, dxw, dhu, dhPrev, rows, units);
        expect([dxw, dhu, dhPrev], label).toEqual([gruExpected.dxw, gruExpected.dhu, gruExpected.dhPrev]);
      }
    }
  });

  it('saturates at extreme pre-activations without NaN, and keeps NaN visible', () => {
    for (const Type of [Float32Array, Float64Array]) {
      const values = [100, -100, 1000, -1000, 0, -0, 1e-30, -1e-30, 1e-40, 88.7, -88.7, 104, -104, 3e38, -3e38];
      const units = values.length;
      // Each value four times over, in every gate; hu adds nothing.
      const xw = build(Type, 4 * units, (i) => values[i % units]!);
      const out = lstmForward(native, Type, xw, new Type(4 * units), Type.from(values), 1, units);
      for (const array of Object.values(out)) expect(array.every((v) => !Number.isNaN(v)), Type.name).toBe(true);
      const gate = (k: number, value: number) => out.gates[k * units + values.indexOf(value)]!;
      expect([gate(0, 100), gate(1, 1000), gate(2, 100), gate(2, -100), gate(2, 0)]).toEqual([1, 1, 1, -1, 0]);
      expect(gate(0, -100)).toBeGreaterThanOrEqual(0);
      expect(gate(0, -100)).toBeLessThan(1e-40);
      expect(gate(0, 0)).toBe(0.5);
      expect(gate(2, 1e-30)).toBe(Type === Float32Array ? Math.fround(1e-30) : 1e-30);
      const gru = gruForward(native, Type, xw.subarray(0, 3 * units), new Type(3 * units), Type.from(values), 1, units);
      for (const array of Object.values(gru)) expect(array.every((v) => !Number.isNaN(v)), Type.name).toBe(true);

      const poisoned = lstmForward(native, Type, Type.of(Number.NaN, 0, 0, 0), new Type(4), new Type(1), 1, 1);
      expect([poisoned.gates[0], poisoned.h[0]]).toEqual([Number.NaN, Number.NaN]);
    }
  });

  it('gives the same bits on 1 or 2 threads and with AVX-512, AVX2 or the portable loops', () => {
    const { isa, threads } = native.info();
    const kinds = (['avx512', 'avx2', 'generic'] as NativeIsa[]).filter((kind) => native.configure(kind, 0));
    const [rows, units] = [128, 37];
    const next = filler(5);
    const xw = gateInputs(Float32Array, rows * 4 * units, next, 40);
    const hu = gateInputs(Float32Array, rows * 4 * units, next, 2);
    const state = () => Float32Array.from({ length: rows * units }, () => next() * 3);
    const [cPrev, dh, dcIn] = [state(), state(), state()];
    const run = (): Floats[] => {
      const lstm = lstmForward(native, Float32Array, xw, hu, cPrev, rows, units);
      const [dc, dz] = [Float32Array.from(dcIn), new Float32Array(rows * 4 * units)];
      native.lstmCellBackward(lstm.gates, cPrev, lstm.tanhC, dh, dc, dz, rows, units);
      const gru = gruForward(native, Float32Array, xw.subarray(0, rows * 3 * units), hu.subarray(0, rows * 3 * units), cPrev, rows, units);
      return [lstm.gates, lstm.c, lstm.tanhC, lstm.h, dc, dz, gru.gates, gru.h];
    };
    try {
      native.configure(kinds[0]!, Math.max(2, threads));
      const reference = run();
      native.configure(null, 1);
      expect(sameBits(run(), reference), '1 thread').toBe(true);
      native.configure(null, Math.max(2, threads));
      for (const other of kinds.slice(1)) {
        native.configure(other, 0);
        expect(sameBits(run(), reference), other).toBe(true);
      }
    } finally {
      native.configure(isa, threads);
    }
    expect(kinds).toContain('generic');
    expect(native.info()).toEqual({ isa, threads });
  });

  it('swaps the two leading axes of a sequence batch', () => {
    const next = filler(6);
    for (const Type of [Float32Array, Float64Array]) {
      // The last is large enough to be split between threads.
      const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [128, 40, 33], [4, 300, 256]];
      for (const [outer, inner, width] of shapes) {
        const x = build(Type, outer * inner * width, next);
        const out = new Type(x.length).fill(Number.NaN);
        native.swapLeadingAxes(x, out, outer, inner, width);
        const expected = new Type(x.length);
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) expected.set(x.subarray((o * inner + i) * width, (o * inner + i + 1) * width), (i * outer + o) * width);
        }
        expect(sameBits([out], [expected]), `${Type.name} ${outer}, ${inner}, ${width}`).toBe(true);
      }
    }
  });

  it('refuses arrays shorter than the sizes, mixed types and overlapping outputs', () => {
    const f32 = (length: number) => new Float32Array(length);
    const [rows, units] = [2, 3];
    const ok = () => native.lstmCell(f32(24), f32(24), f32(6), f32(24), f32(6), f32(6), f32(6), rows, units);
    expect(ok).not.toThrow();
    expect(() => native.lstmCell(f32(24), f32(23), f32(6), f32(24), f32(6), f32(6), f32(6), rows, units)).toThrow(/shorter than the sizes/);
    expect(() => native.lstmCell(f32(24), f32(24), f32(6), f32(24), f32(6), f32(6), f32(5), rows, units)).toThrow(/shorter than the sizes/);
    expect(() => native.lstmCell(f32(24), f32(24), new Float64Array(6), f32(24), f32(6), f32(6), f32(6), rows, units)).toThrow(/all be float32 or all float64/);
    const shared = f32(24);
    expect(() => native.lstmCell(f32(24), f32(24), f32(6), shared, f32(6), f32(6), shared.subarray(18), rows, units)).toThrow(/must not overlap/);
    expect(() => native.lstmCell(shared, f32(24), f32(6), shared, f32(6), f32(6), f32(6), rows, units)).toThrow(/must not overlap its inputs/);
    expect(() => native.lstmCell(f32(24), f32(24), f32(6), f32(24), f32(6), f32(6), f32(6), 2 ** 20, 2 ** 10)).toThrow(/under 2\^31/);
    expect(() => native.lstmCellBackward(f32(24), f32(6), f32(6), f32(6), f32(6), f32(23), rows, units)).toThrow(/shorter than the sizes/);
    expect(() => native.gruCell(f32(18), f32(18), f32(6), f32(17), f32(6), rows, units)).toThrow(/shorter than the sizes/);
    expect(() => native.gruCellBackward(f32(18), f32(18), f32(6), f32(6), f32(18), f32(18), f32(5), rows, units)).toThrow(/shorter than the sizes/);
    expect(() => native.gruCellBackward(f32(18), f32(18), f32(6), f32(6), f32(18), f32(18), f32(6), rows, -1)).toThrow(/integers/);
    expect(() => native.swapLeadingAxes(f32(6), f32(5), 2, 3, 1)).toThrow(/shorter than the sizes/);
    expect(() => native.swapLeadingAxes(shared, shared, 2, 3, 4)).toThrow(/must not overlap/);
  });
});
