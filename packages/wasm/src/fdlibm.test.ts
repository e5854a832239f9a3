// csrc/fdlibm.c against V8's Math.exp, Math.expm1 and Math.tanh, bit for bit: millions of random
// doubles (random bit patterns, which cover every exponent, and the ranges activations see) and the
// edge cases of each algorithm's branches.
import { describe, expect, it } from 'vitest';
import { loadWasmKernels } from './kernels';

const kernels = loadWasmKernels({ threads: 1 });
const FUNCTIONS = { exp: Math.exp, expm1: Math.expm1, tanh: Math.tanh, expLanes: Math.exp } as const;

/** xorshift64 over BigInt-free 32-bit halves: random bit patterns for doubles. */
function randomDoubles(count: number, seed: number, scale: number | null): Float64Array {
  const out = new Float64Array(count);
  const words = new Uint32Array(out.buffer);
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let i = 0; i < count; i++) {
    if (scale === null) {
      words[2 * i] = next();
      words[2 * i + 1] = next();
    } else {
      out[i] = ((next() / 2 ** 32) * 2 - 1) * scale;
    }
  }
  return out;
}

/** Values on and around each branch point: the thresholds of fdlibm's argument ranges, ±0, subnormals, the overflow and underflow limits, ±∞ and NaN. */
function edgeCases(): Float64Array {
  const points = [
    0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, -2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE,
    Infinity, -Infinity, NaN, 1, -1, 0.5, -0.5, 2, -2, 22, -22, 0.25, -0.25, Math.LN2 / 2, -Math.LN2 / 2, 1.5 * Math.LN2, -1.5 * Math.LN2,
    56 * Math.LN2, -56 * Math.LN2, 709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, -708.39641853226410, -708.4, -744, 710, -710,
    2 ** -28, -(2 ** -28), 2 ** -54, -(2 ** -54), 2 ** -1022, 1e-300, -1e-300, 20 * Math.LN2, 19.5 * Math.LN2, 1024 * Math.LN2, -1021 * Math.LN2, -1022 * Math.LN2,
  ];
  const out: number[] = [];
  const view = new DataView(new ArrayBuffer(8));
  for (const point of points) {
    out.push(point);
    if (!Number.isFinite(point)) continue;
    // The 64 doubles on either side, by their bits.
    view.setFloat64(0, point);
    const bits = view.getBigUint64(0);
    for (let d = 1n; d <= 64n; d++) {
      for (const neighbour of [bits + d, bits - d]) {
        view.setBigUint64(0, BigInt.asUintN(64, neighbour));
        out.push(view.getFloat64(0));
      }
    }
  }
  return Float64Array.from(out);
}

function mismatches(name: keyof typeof FUNCTIONS, x: Float64Array): string[] {
  const out = new Float64Array(x.length);
  kernels.mathF64(name, x, out);
  const reference = FUNCTIONS[name];
  const wrong: string[] = [];
  for (let i = 0; i < x.length && wrong.length < 5; i++) {
    if (!Object.is(out[i], reference(x[i]!))) wrong.push(`${name}(${x[i]}) = ${out[i]}, Math gives ${reference(x[i]!)}`);
  }
  return wrong;
}

describe('exp, expm1 and tanh of csrc/fdlibm.c, and exp two lanes at a time (csrc/fdlibm-simd.h)', () => {
  for (const name of ['exp', 'expm1', 'tanh', 'expLanes'] as const) {
    it(`${name} gives Math.${name === 'expLanes' ? 'exp' : name}'s bits on 3 million random doubles and on the edge cases`, () => {
      expect(mismatches(name, edgeCases())).toEqual([]);
      expect(mismatches(name, randomDoubles(1_000_000, 1, null))).toEqual([]);
      expect(mismatches(name, randomDoubles(1_000_000, 2, 800))).toEqual([]);
      expect(mismatches(name, randomDoubles(1_000_000, 3, 8))).toEqual([]);
    });
  }
});
