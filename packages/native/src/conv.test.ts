import { describe, expect, it } from 'vitest';
import type { NativeBinding } from './index';
import { loadNative } from './index';

const { binding } = loadNative();
const describeNative = binding ? describe : describe.skip;

type Floats = Float32Array | Float64Array;
type FloatType = Float32ArrayConstructor | Float64ArrayConstructor;

/** ConvGeometry's fields, in the order of the Int32Array the addon takes. */
interface Geometry {
  batch: number; inHeight: number; inWidth: number; inChannels: number; outHeight: number; outWidth: number; outChannels: number;
  kernelHeight: number; kernelWidth: number; strideHeight: number; strideWidth: number; dilationHeight: number; dilationWidth: number;
  padTop: number; padLeft: number;
}

const pack = (g: Geometry): Int32Array => Int32Array.from([
  g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels,
  g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padTop, g.padLeft,
]);

/** One axis as TensorFlow computes it ('same' pads so that out = ceil(in / stride), the odd one at the end). */
function axis(length: number, kernel: number, stride: number, dilation: number, same: boolean): { out: number; pad: number } {
  const span = (kernel - 1) * dilation + 1;
  if (!same) return { out: Math.floor((length - span) / stride) + 1, pad: 0 };
  const out = Math.ceil(length / stride);
  return { out, pad: Math.floor(Math.max((out - 1) * stride + span - length, 0) / 2) };
}

/** [batch, h, w, c] -> [.., filters] for a kh x kw window; channels = c for pooling. */
function geometry(batch: number, h: number, w: number, c: number, filters: number, k: [number, number], s: [number, number], d: [number, number], same: boolean): Geometry {
  const rows = axis(h, k[0], s[0], d[0], same);
  const cols = axis(w, k[1], s[1], d[1], same);
  return {
    batch, inHeight: h, inWidth: w, inChannels: c, outHeight: rows.out, outWidth: cols.out, outChannels: filters,
    kernelHeight: k[0], kernelWidth: k[1], strideHeight: s[0], strideWidth: s[1], dilationHeight: d[0], dilationWidth: d[1], padTop: rows.pad, padLeft: cols.pad,
  };
}

/** 2x2 max or average pooling with stride 2 ('valid') over the input of g. */
const poolOver = (g: Geometry): Geometry => ({
  ...g, outChannels: g.inChannels, outHeight: Math.floor(g.inHeight / 2), outWidth: Math.floor(g.inWidth / 2), kernelHeight: 2, kernelWidth: 2,
  strideHeight: 2, strideWidth: 2, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0,
});

const inputSize = (g: Geometry): number => g.batch * g.inHeight * g.inWidth * g.inChannels;
const outputSize = (g: Geometry): number => g.batch * g.outHeight * g.outWidth * g.outChannels;
const kernelSize = (g: Geometry): number => g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels;

// A tiny seeded generator, so this package needs nothing above it.
function filler(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
function random(Type: FloatType, length: number, next: () => number): Floats {
  const values = new Type(length);
  for (let i = 0; i < length; i++) values[i] = next();
  return values;
}

/** Calls visit(xAt, tap) for every tap of output pixel (b, oh, ow) inside the input: x's offset of channel 0, and the tap's number. */
function taps(g: Geometry, b: number, oh: number, ow: number, visit: (xAt: number, tap: number) => void): void {
  for (let i = 0; i < g.kernelHeight; i++) {
    const ih = oh * g.strideHeight - g.padTop + i * g.dilationHeight;
    if (ih < 0 || ih >= g.inHeight) continue;
    for (let j = 0; j < g.kernelWidth; j++) {
      const iw = ow * g.strideWidth - g.padLeft + j * g.dilationWidth;
      if (iw >= 0 && iw < g.inWidth) visit(((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels, i * g.kernelWidth + j);
    }
  }
}

function pixels(g: Geometry, visit: (b: number, oh: number, ow: number, outAt: number) => void): void {
  let o = 0;
  for (let b = 0; b < g.batch; b++) for (let oh = 0; oh < g.outHeight; oh++) for (let ow = 0; ow < g.outWidth; ow++, o += g.outChannels) visit(b, oh, ow, o);
}

// The naive references: every product as the triple loop over pixels, taps and channels, summed in double.
function naiveConv(x: Floats, kernel: Floats, bias: Floats | null, g: Geometry): Float64Array {
  const out = new Float64Array(outputSize(g));
  const { inChannels: C, outChannels: F } = g;
  pixels(g, (b, oh, ow, o) => {
    for (let f = 0; f < F; f++) out[o + f] = bias ? bias[f]! : 0;
    taps(g, b, oh, ow, (xAt, tap) => {
      for (let c = 0; c < C; c++) for (let f = 0; f < F; f++) out[o + f] += x[xAt + c]! * kernel[(tap * C + c) * F + f]!;
    });
  });
  return out;
}

function naiveInput(dy: Floats, kernel: Floats, g: Geometry): Float64Array {
  const dx = new Float64Array(inputSize(g));
  const { inChannels: C, outChannels: F } = g;
  pixels(g, (b, oh, ow, o) => taps(g, b, oh, ow, (xAt, tap) => {
    for (let c = 0; c < C; c++) for (let f = 0; f < F; f++) dx[xAt + c] += dy[o + f]! * kernel[(tap * C + c) * F + f]!;
  }));
  return dx;
}

function naiveFilter(x: Floats, dy: Floats, g: Geometry): Float64Array {
  const dk = new Float64Array(kernelSize(g));
  const { inChannels: C, outChannels: F } = g;
  pixels(g, (b, oh, ow, o) => taps(g, b, oh, ow, (xAt, tap) => {
    for (let c = 0; c < C; c++) for (let f = 0; f < F; f++) dk[(tap * C + c) * F + f] += x[xAt + c]! * dy[o + f]!;
  }));
  return dk;
}

function naiveMaxPool(x: Floats, g: Geometry): { out: Float64Array; indices: Int32Array } {
  const out = new Float64Array(outputSize(g));
  const indices = new Int32Array(outputSize(g));
  pixels(g, (b, oh, ow, o) => {
    for (let c = 0; c < g.inChannels; c++) {
      let best = -Infinity;
      let at = -1;
      taps(g, b, oh, ow, (xAt) => {
        if (at < 0 || x[xAt + c]! > best) [best, at] = [x[xAt + c]!, xAt + c];
      });
      out[o + c] = best;
      indices[o + c] = at;
    }
  });
  return { out, indices };
}

function naiveAvgPool(x: Floats, g: Geometry): Float64Array {
  const out = new Float64Array(outputSize(g));
  pixels(g, (b, oh, ow, o) => {
    for (let c = 0; c < g.inChannels; c++) {
      let sum = 0;
      let count = 0;
      taps(g, b, oh, ow, (xAt) => {
        sum += x[xAt + c]!;
        count++;
      });
      out[o + c] = sum / count;
    }
  });
  return out;
}

function naiveAvgPoolBackprop(dy: Floats, g: Geometry): Float64Array {
  const dx = new Float64Array(inputSize(g));
  pixels(g, (b, oh, ow, o) => {
    let count = 0;
    taps(g, b, oh, ow, () => count++);
    taps(g, b, oh, ow, (xAt) => {
      for (let c = 0; c < g.inChannels; c++) dx[xAt + c] += dy[o + c]! / count;
    });
  });
  return dx;
}

/** Whether two arrays hold the same bits (a faster check than toEqual on large arrays). */
function sameBits(a: readonly Floats[], b: readonly Floats[]): boolean {
  return a.length === b.length && a.every((x, i) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(b[i]!.buffer, b[i]!.byteOffset, b[i]!.byteLength)));
}

function expectClose(actual: Floats, expected: Float64Array, terms: number, what: string): void {
  const tolerance = (actual instanceof Float32Array ? 2e-6 : 1e-14) * Math.max(4, terms);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  expect(worst, what).toBeLessThanOrEqual(tolerance);
}

// Geometries: [batch, height, width, channels, filters, kernel, stride, dilation, same]. Strides 1 to
// 3, dilation 1 and 2, both paddings, 1 to 70 channels and filters, K blocks of the GEMM (256) crossed
// by the taps (5·5·11 = 275, 3·3·30 = 270) and by the pixels, rows past MC = 120 and the tiles' edges.
type Case = [number, number, number, number, number, [number, number], [number, number], [number, number], boolean];
const CASES: Case[] = [
  [1, 5, 5, 1, 1, [3, 3], [1, 1], [1, 1], false],
  [2, 7, 6, 3, 5, [3, 2], [2, 1], [1, 2], true],
  [3, 9, 8, 2, 70, [2, 3], [3, 2], [2, 1], true],
  [2, 12, 11, 11, 9, [5, 5], [1, 1], [1, 1], true],
  [1, 10, 13, 30, 33, [3, 3], [2, 2], [1, 1], false],
  [3, 8, 8, 70, 1, [1, 1], [1, 1], [1, 1], false],
  [2, 14, 14, 6, 16, [5, 5], [1, 1], [1, 1], false],
  [3, 28, 28, 1, 6, [5, 5], [1, 1], [1, 1], true],
  [2, 16, 17, 1, 32, [3, 3], [1, 1], [1, 1], false],
  [1, 20, 19, 7, 40, [3, 3], [1, 3], [2, 2], true],
  [2, 11, 9, 17, 65, [4, 2], [3, 1], [1, 2], false],
  [1, 30, 30, 14, 8, [3, 3], [2, 2], [1, 1], true],
];

describeNative('native convolution', () => {
  const native = binding as NativeBinding;

  for (const Type of [Float32Array, Float64Array]) {
    it(`matches the naive loops in every product, for strides, dilations, paddings and channel counts (${Type.name})`, () => {
      const next = filler(7);
      for (const [batch, h, w, c, f, k, s, d, same] of CASES) {
        const g = geometry(batch, h, w, c, f, k, s, d, same);
        const name = JSON.stringify(g);
        const x = random(Type, inputSize(g), next);
        const kernel = random(Type, kernelSize(g), next);
        const bias = random(Type, f, next);
        const dy = random(Type, outputSize(g), next);
        const terms = g.kernelHeight * g.kernelWidth * c;
        const out = new Type(outputSize(g)).fill(Number.NaN);
        native.conv2d(x, kernel, bias, out, pack(g));
        expectClose(out, naiveConv(x, kernel, bias, g), terms, `conv2d ${name}`);
        native.conv2d(x, kernel, null, out, pack(g));
        expectClose(out, naiveConv(x, kernel, null, g), terms, `conv2d without bias ${name}`);
        const dx = new Type(inputSize(g)).fill(Number.NaN);
        native.conv2dBackpropInput(dy, kernel, dx, pack(g));
        expectClose(dx, naiveInput(dy, kernel, g), terms * f, `conv2dBackpropInput ${name}`);
        const dk = new Type(kernelSize(g)).fill(Number.NaN);
        native.conv2dBackpropFilter(x, dy, dk, pack(g));
        expectClose(dk, naiveFilter(x, dy, g), outputSize(g) / f, `conv2dBackpropFilter ${name}`);
      }
    });
  }

  it('matches the naive loops on random small geometries (every tiling and packing path)', () => {
    const next = filler(14);
    const pick = (lo: number, hi: number): number => lo + Math.floor((next() + 0.5) * (hi - lo + 1));
    for (let n = 0; n < 60; n++) {
      const k: [number, number] = [pick(1, 4), pick(1, 4)];
      const s: [number, number] = [pick(1, 3), pick(1, 3)];
      const d: [number, number] = [pick(1, 2), pick(1, 2)];
      const same = next() > 0;
      const h = pick((k[0] - 1) * d[0] + 1, 12);
      const w = pick((k[1] - 1) * d[1] + 1, 12);
      const channels = [1, 2, 3, 4, 8, 16, 9][pick(0, 6)]!;
      const g = geometry(pick(1, 3), h, w, channels, pick(1, 40), k, s, d, same);
      const Type = n % 2 ? Float32Array : Float64Array;
      const x = random(Type, inputSize(g), next);
      const kernel = random(Type, kernelSize(g), next);
      const dy = random(Type, outputSize(g), next);
      const terms = g.kernelHeight * g.kernelWidth * channels;
      const out = new Type(outputSize(g));
      native.conv2d(x, kernel, null, out, pack(g));
      expectClose(out, naiveConv(x, kernel, null, g), terms, `conv2d ${JSON.stringify(g)}`);
      const dx = new Type(inputSize(g));
      native.conv2dBackpropInput(dy, kernel, dx, pack(g));
      expectClose(dx, naiveInput(dy, kernel, g), terms * g.outChannels, `conv2dBackpropInput ${JSON.stringify(g)}`);
      const dk = new Type(kernelSize(g));
      native.conv2dBackpropFilter(x, dy, dk, pack(g));
      expectClose(dk, naiveFilter(x, dy, g), outputSize(g) / g.outChannels, `conv2dBackpropFilter ${JSON.stringify(g)}`);
    }
  });

  it('matches the naive loops for one channel and every filter count, and for \'valid\' windows read in place', () => {
    const next = filler(16);
    const check = (Type: FloatType, g: Geometry): void => {
      const name = JSON.stringify(g);
      const x = random(Type, inputSize(g), next);
      const kernel = random(Type, kernelSize(g), next);
      const bias = random(Type, g.outChannels, next);
      const dy = random(Type, outputSize(g), next);
      const terms = g.kernelHeight * g.kernelWidth * g.inChannels;
      const out = new Type(outputSize(g)).fill(Number.NaN);
      native.conv2d(x, kernel, bias, out, pack(g));
      expectClose(out, naiveConv(x, kernel, bias, g), terms, `conv2d ${name}`);
      const dk = new Type(kernelSize(g)).fill(Number.NaN);
      native.conv2dBackpropFilter(x, dy, dk, pack(g));
      expectClose(dk, naiveFilter(x, dy, g), outputSize(g) / g.outChannels, `conv2dBackpropFilter ${name}`);
      const dx = new Type(inputSize(g)).fill(Number.NaN);
      native.conv2dBackpropInput(dy, kernel, dx, pack(g));
      expectClose(dx, naiveInput(dy, kernel, g), terms * g.outChannels, `conv2dBackpropInput ${name}`);
    };
    for (const Type of [Float32Array, Float64Array]) {
      // Filter counts whose lanes repeat with periods 1 and 3 (expanded forward), the rest, and whole
      // vectors; kernels of 1 to 6 rows, strides and dilations down, 'same' and 'valid'.
      for (const f of [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17, 24, 32, 40]) {
        const k: [number, number] = [[5, 3, 1, 6][f % 4]!, [5, 4, 2][f % 3]!];
        const s: [number, number] = [1 + (f % 3 === 0 ? 1 : 0), 1];
        const d: [number, number] = [1 + (f % 5 === 0 ? 1 : 0), 1];
        check(Type, geometry(1 + (f % 3), 14 + (f % 4), 12 + (f % 5), 1, f, k, s, d, f % 2 === 0));
      }
      // Windows inside the image, channels that do not fill a vector, kernel rows longer than a tile.
      for (const [c, f, k, s, dh] of [[2, 3, [3, 3], [1, 1], 1], [6, 16, [5, 5], [1, 1], 1], [7, 33, [2, 4], [2, 3], 1], [20, 9, [3, 3], [1, 1], 2], [5, 70, [3, 5], [1, 2], 1]] as [number, number, [number, number], [number, number], number][]) {
        check(Type, geometry(3, 13, 15, c, f, k, s, [dh, 1], false));
      }
    }
  });

  it('applies an activation to the output in the same call, on every thread\'s part', () => {
    const next = filler(8);
    for (const g of [geometry(4, 12, 12, 3, 20, [3, 3], [1, 1], [1, 1], true), geometry(8, 28, 28, 1, 6, [5, 5], [1, 1], [1, 1], true)]) {
      const x = Float32Array.from({ length: inputSize(g) }, next);
      const kernel = Float32Array.from({ length: kernelSize(g) }, next);
      const bias = Float32Array.from({ length: g.outChannels }, next);
      const z = new Float32Array(outputSize(g));
      const activated = new Float32Array(outputSize(g)).fill(Number.NaN);
      native.conv2d(x, kernel, bias, z, pack(g), 1, 0, activated);
      const separate = new Float32Array(z.length);
      native.activation(1, z, separate, 0);
      expect(activated).toEqual(separate);
      const plain = new Float32Array(z.length);
      native.conv2d(x, kernel, bias, plain, pack(g));
      expect(z).toEqual(plain);
    }
  });

  it('gives bit-identical products on 1 or 2 threads and with AVX2 or AVX-512 kernels', () => {
    const next = filler(9);
    const { isa, threads } = native.info();
    // The portable kernels round their multiply-adds twice: the promise holds between the AVX ones.
    const kinds = (['avx512', 'avx2'] as const).filter((kind) => native.configure(kind, 0));
    // Shapes for every path: rows split, panels split, K split in rounds, narrow tiles, filters across,
    // one channel read in place or expanded (filters of period 1 and 3 in the lanes, paired output rows
    // with sh = dh, odd rows left over), 'valid' windows read in place (kernel rows wider than a tile:
    // the input gradient's panels taken from the last), and tilings that differ between AVX2 and AVX-512.
    const shapes = [
      geometry(64, 28, 28, 1, 6, [5, 5], [1, 1], [1, 1], true),
      geometry(16, 14, 14, 6, 16, [5, 5], [1, 1], [1, 1], false),
      geometry(8, 26, 26, 32, 64, [3, 3], [1, 1], [1, 1], false),
      geometry(8, 28, 28, 1, 32, [3, 3], [1, 1], [1, 1], false),
      geometry(3, 15, 17, 11, 70, [5, 5], [2, 1], [1, 2], true),
      geometry(3, 40, 40, 3, 5, [3, 3], [1, 1], [1, 1], true),
      geometry(5, 21, 19, 1, 12, [3, 4], [2, 1], [2, 1], true),
      geometry(7, 13, 11, 1, 8, [5, 3], [1, 1], [1, 1], false),
      geometry(3, 23, 20, 1, 3, [4, 5], [1, 1], [2, 1], true),
      geometry(4, 12, 13, 20, 9, [3, 3], [1, 1], [1, 1], false),
      geometry(3, 17, 17, 5, 7, [3, 2], [2, 2], [2, 1], false),
    ];
    try {
      for (const g of kinds.length > 0 ? shapes : []) {
        const x = Float32Array.from({ length: inputSize(g) }, next);
        const kernel = Float32Array.from({ length: kernelSize(g) }, next);
        const bias = Float32Array.from({ length: g.outChannels }, next);
        const dy = Float32Array.from({ length: outputSize(g) }, next);
        const run = (): Float32Array[] => {
          const out = new Float32Array(outputSize(g));
          const dx = new Float32Array(inputSize(g));
          const dk = new Float32Array(kernelSize(g));
          native.conv2d(x, kernel, bias, out, pack(g));
          native.conv2dBackpropInput(dy, kernel, dx, pack(g));
          native.conv2dBackpropFilter(x, dy, dk, pack(g));
          return [out, dx, dk];
        };
        native.configure(kinds[0]!, Math.max(2, threads));
        const reference = run();
        expect(reference[2]!.some((v) => v !== 0)).toBe(true);
        native.configure(null, 1);
        expect(sameBits(run(), reference), `1 thread ${JSON.stringify(g)}`).toBe(true);
        native.configure(null, Math.max(2, threads));
        for (const other of kinds.slice(1)) {
          native.configure(other, 0);
          expect(sameBits(run(), reference), `${other} ${JSON.stringify(g)}`).toBe(true);
        }
      }
    } finally {
      native.configure(isa, threads);
    }
    expect(native.info()).toEqual({ isa, threads });
  });

  it('runs correctly on the portable kernels too', () => {
    const { isa } = native.info();
    expect(native.configure('generic', 0)).toBe(true);
    try {
      const next = filler(10);
      for (const [batch, h, w, c, f, k, s, d, same] of CASES.slice(0, 8)) {
        const g = geometry(batch, h, w, c, f, k, s, d, same);
        const x = Float64Array.from({ length: inputSize(g) }, next);
        const kernel = Float64Array.from({ length: kernelSize(g) }, next);
        const dy = Float64Array.from({ length: outputSize(g) }, next);
        const out = new Float64Array(outputSize(g));
        native.conv2d(x, kernel, null, out, pack(g));
        expectClose(out, naiveConv(x, kernel, null, g), 100, 'generic conv2d');
        const dx = new Float64Array(inputSize(g));
        native.conv2dBackpropInput(dy, kernel, dx, pack(g));
        expectClose(dx, naiveInput(dy, kernel, g), 1000, 'generic conv2dBackpropInput');
        const dk = new Float64Array(kernelSize(g));
        native.conv2dBackpropFilter(x, dy, dk, pack(g));
        expectClose(dk, naiveFilter(x, dy, g), 1000, 'generic conv2dBackpropFilter');
      }
    } finally {
      native.configure(isa, 0);
    }
  });

  it('writes nothing past its outputs (kernels store whole vectors where they may)', () => {
    const next = filler(13);
    const guard = 64;
    /** An output of `length` values followed by sentinels, and a check that they are untouched. */
    const guarded = <A extends Floats | Int32Array>(make: (n: number) => A, length: number): [A, () => void] => {
      const whole = make(length + guard).fill(-7 as never);
      return [whole.subarray(0, length) as A, () => expect(Array.from(whole.subarray(length))).toEqual(new Array(guard).fill(-7))];
    };
    for (const Type of [Float32Array, Float64Array]) {
      for (const g of [
        geometry(1, 4, 4, 2, 2, [2, 2], [2, 2], [1, 1], false),
        geometry(3, 7, 5, 3, 3, [3, 3], [2, 2], [1, 1], true),
        geometry(2, 28, 28, 1, 6, [5, 5], [1, 1], [1, 1], true),
        geometry(2, 14, 14, 6, 16, [5, 5], [1, 1], [1, 1], false),
        geometry(5, 9, 9, 1, 3, [3, 3], [1, 1], [2, 2], true),
      ]) {
        const x = random(Type, inputSize(g), next);
        const kernel = random(Type, kernelSize(g), next);
        const dy = random(Type, outputSize(g), next);
        const [out, outGuard] = guarded((n) => new Type(n), outputSize(g));
        native.conv2d(x, kernel, null, out, pack(g));
        outGuard();
        const [dx, dxGuard] = guarded((n) => new Type(n), inputSize(g));
        native.conv2dBackpropInput(dy, kernel, dx, pack(g));
        dxGuard();
        const [dk, dkGuard] = guarded((n) => new Type(n), kernelSize(g));
        native.conv2dBackpropFilter(x, dy, dk, pack(g));
        dkGuard();
        const pool = poolOver(g);
        const [pooled, pooledGuard] = guarded((n) => new Type(n), outputSize(pool));
        const [indices, indicesGuard] = guarded((n) => new Int32Array(n), outputSize(pool));
        native.maxPool2d(x, pooled, indices, pack(pool));
        pooledGuard();
        indicesGuard();
        const [mean, meanGuard] = guarded((n) => new Type(n), outputSize(pool));
        native.avgPool2d(x, mean, pack(pool));
        meanGuard();
        const [back, backGuard] = guarded((n) => new Type(n), inputSize(g));
        native.maxPool2dBackprop(pooled, indices, back);
        backGuard();
        native.avgPool2dBackprop(pooled, back, pack(pool));
        backGuard();
      }
    }
  });

  it('refuses geometries and arrays that do not fit, instead of touching other memory', () => {
    const g = geometry(1, 4, 4, 2, 3, [3, 3], [1, 1], [1, 1], false);
    const x = new Float32Array(inputSize(g));
    const kernel = new Float32Array(kernelSize(g));
    const out = new Float32Array(outputSize(g));
    expect(() => native.conv2d(x, kernel, null, out, pack(g))).not.toThrow();
    expect(() => native.conv2d(x.subarray(1), kernel, null, out, pack(g))).toThrow(/shorter than the sizes/);
    expect(() => native.conv2d(x, kernel.subarray(1), null, out, pack(g))).toThrow(/shorter than the sizes/);
    expect(() => native.conv2d(x, kernel, new Float32Array(2), out, pack(g))).toThrow(/shorter than the sizes/);
    expect(() => native.conv2d(x, kernel, null, out.subarray(1), pack(g))).toThrow(/shorter than the sizes/);
    expect(() => native.conv2d(x, new Float64Array(kernel.length), null, out, pack(g))).toThrow(/all be float32 or all float64/);
    expect(() => native.conv2d(x, kernel, null, out, pack(g), 1, 0, out.subarray(1))).toThrow(/shorter than the sizes/);
    expect(() => native.conv2d(x, kernel, null, out, pack(g), 6, 0, new Float32Array(out.length))).toThrow(/bad conv2d epilogue/);
    expect(() => native.conv2d(x, kernel, null, out, pack(g).subarray(1))).toThrow(/Int32Array of 15 values/);
    expect(() => native.conv2d(x, kernel, null, out, new Float32Array(15) as never)).toThrow(/Int32Array of 15 values/);
    for (const field of [1, 3, 6, 7, 9, 11]) {
      const bad = pack(g);
      bad[field] = 0;
      expect(() => native.conv2d(x, kernel, null, out, bad)).toThrow(/bad geometry/);
    }
    const negative = pack(g);
    negative[13] = -1;
    expect(() => native.conv2d(x, kernel, null, out, negative)).toThrow(/bad geometry/);
    const huge = pack(g);
    huge[0] = 2 ** 30;
    expect(() => native.conv2d(x, kernel, null, out, huge)).toThrow(/bad geometry/);
    const dx = new Float32Array(inputSize(g));
    expect(() => native.conv2dBackpropInput(out, kernel, dx.subarray(1), pack(g))).toThrow(/shorter than the sizes/);
    expect(() => native.conv2dBackpropFilter(x, out.subarray(1), kernel, pack(g))).toThrow(/shorter than the sizes/);
  });
});

describeNative('native pooling', () => {
  const native = binding as NativeBinding;
  // [batch, height, width, channels, window, stride, same]
  const POOLS: [number, number, number, number, [number, number], [number, number], boolean][] = [
    [2, 6, 6, 3, [2, 2], [2, 2], false],
    [3, 7, 5, 6, [3, 3], [2, 2], true],
    [1, 9, 8, 70, [3, 2], [1, 1], false],
    [2, 5, 7, 17, [2, 3], [3, 1], true],
    [64, 28, 28, 6, [2, 2], [2, 2], false],
    [8, 24, 24, 64, [2, 2], [2, 2], false],
  ];

  for (const Type of [Float32Array, Float64Array]) {
    it(`gives the reference's values, indices and gradients (${Type.name})`, () => {
      const next = filler(11);
      for (const [batch, h, w, c, k, s, same] of POOLS) {
        const g = geometry(batch, h, w, c, c, k, s, [1, 1], same);
        // Coarse values, so that windows hold ties.
        const x = random(Type, inputSize(g), () => Math.round(next() * 8));
        const out = new Type(outputSize(g)).fill(Number.NaN);
        const indices = new Int32Array(outputSize(g)).fill(-2);
        native.maxPool2d(x, out, indices, pack(g));
        const expected = naiveMaxPool(x, g);
        expect(sameBits([out], [Type.from(expected.out)])).toBe(true);
        expect(Buffer.from(indices.buffer).equals(Buffer.from(expected.indices.buffer))).toBe(true);
        native.maxPool2d(x, out.fill(Number.NaN), null, pack(g));
        expect(sameBits([out], [Type.from(expected.out)])).toBe(true);

        const dy = random(Type, outputSize(g), next);
        const dx = new Type(inputSize(g)).fill(Number.NaN);
        native.maxPool2dBackprop(dy, indices, dx);
        const routed = new Type(inputSize(g));
        for (let o = 0; o < dy.length; o++) routed[indices[o]!] += dy[o]!;
        expect(sameBits([dx], [routed])).toBe(true);

        // Means are summed in double and rounded once, as the TypeScript reference does: the same bits.
        const mean = new Type(outputSize(g));
        native.avgPool2d(x, mean, pack(g));
        expect(sameBits([mean], [Type.from(naiveAvgPool(x, g))])).toBe(true);
        native.avgPool2dBackprop(dy, dx, pack(g));
        expectClose(dx, naiveAvgPoolBackprop(dy, g), k[0] * k[1], 'avgPool2dBackprop');
      }
    });
  }

  it('keeps the reference\'s NaN rule: a NaN first in its window stays, a later one never wins', () => {
    for (const Type of [Float32Array, Float64Array]) {
      for (const g of [geometry(3, 8, 10, 6, 6, [2, 2], [2, 2], [1, 1], false), geometry(2, 9, 9, 17, 17, [3, 3], [2, 2], [1, 1], true)]) {
        const next = filler(15);
        const x = random(Type, inputSize(g), () => Math.round(next() * 8));
        for (let i = 0; i < x.length; i += 7) x[i] = Number.NaN;
        const out = new Type(outputSize(g));
        const indices = new Int32Array(outputSize(g));
        native.maxPool2d(x, out, indices, pack(g));
        const expected = naiveMaxPool(x, g);
        expect(sameBits([out], [Type.from(expected.out)])).toBe(true);
        expect(Array.from(indices)).toEqual(Array.from(expected.indices));
      }
    }
  });

  it('sums gradients of overlapping windows and arbitrary indices in output order, on any thread count', () => {
    const next = filler(12);
    const { threads } = native.info();
    const dy = Float32Array.from({ length: 40000 }, next);
    // Indices that jump back and forth: the shares of the threads overlap.
    const indices = Int32Array.from({ length: dy.length }, (_, o) => (o * 7919) % 5000);
    const run = (): Float32Array => {
      const dx = new Float32Array(5000).fill(Number.NaN);
      native.maxPool2dBackprop(dy, indices, dx);
      return dx;
    };
    const expected = new Float32Array(5000);
    for (let o = 0; o < dy.length; o++) expected[indices[o]!] += dy[o]!;
    expect(run()).toEqual(expected);
    native.configure(null, 1);
    expect(run()).toEqual(expected);
    native.configure(null, threads);

    const g = geometry(32, 20, 20, 8, 8, [3, 3], [1, 1], [1, 1], true);
    const grad = Float32Array.from({ length: outputSize(g) }, next);
    const once = (): Float32Array => {
      const dx = new Float32Array(inputSize(g));
      native.avgPool2dBackprop(grad, dx, pack(g));
      return dx;
    };
    const reference = once();
    native.configure(null, 1);
    expect(once()).toEqual(reference);
    native.configure(null, threads);
  });

  it('refuses indices outside dx, short arrays and geometries that change the channels', () => {
    const g = geometry(1, 4, 4, 2, 2, [2, 2], [2, 2], [1, 1], false);
    const x = new Float32Array(inputSize(g));
    const out = new Float32Array(outputSize(g));
    expect(() => native.maxPool2d(x, out, new Int32Array(outputSize(g) - 1), pack(g))).toThrow(/shorter than the sizes/);
    expect(() => native.maxPool2d(x, out, new Float32Array(outputSize(g)) as never, pack(g))).toThrow(/Int32Array or null/);
    expect(() => native.avgPool2d(x, out.subarray(1), pack(g))).toThrow(/shorter than the sizes/);
    expect(() => native.avgPool2dBackprop(out, x.subarray(1), pack(g))).toThrow(/shorter than the sizes/);
    const changed = pack(g);
    changed[6] = 3;
    expect(() => native.avgPool2d(x, new Float32Array(100), changed)).toThrow(/as many output channels/);
    const dy = new Float32Array(4);
    x.fill(7);
    expect(native.maxPool2dBackprop(dy, new Int32Array([0, 1, 2, 32]), x)).toBe(false);
    expect(native.maxPool2dBackprop(dy, new Int32Array([0, -1, 2, 3]), x)).toBe(false);
    expect(x.every((v) => v === 7)).toBe(true); // refused before writing anything
    expect(() => native.maxPool2dBackprop(dy, new Int32Array(3), x)).toThrow(/shorter than the sizes/);
    expect(native.maxPool2dBackprop(dy, new Int32Array(4), x)).toBe(true);
  });
});
