// The recurrent step kernels and the row movements against the TypeScript loops they replace
// (bench/recurrent-loops.ts), bit for bit, in float32 and float64: random pre-activations, ones large
// enough that σ and tanh saturate, ±0, subnormals, ±∞ and NaN, an odd number of units (the scalar
// tail after the two-lane loop) and an even one.
import { describe, expect, it } from 'vitest';
import * as ts from '../bench/recurrent-loops';
import { loadWasmKernels } from './kernels';
import { values } from './test-data';

type FloatArray = Float32Array | Float64Array;
const kernels = loadWasmKernels({ threads: 1 });
const EDGES = [0, -0, 1e-40, -1e-40, 5e-324, 1e-9, 0.5, -0.5, 19, -19, 22, -22, 40, -40, 710, -746, 800, -800, 3e38, -3e38, Infinity, -Infinity, NaN];

/** count values of spread `scale`, with the edge cases spread through them when `edges`. */
function data(count: number, seed: number, f64: boolean, scale: number, edges: boolean): FloatArray {
  const out = f64 ? new Float64Array(count) : new Float32Array(count);
  // Two float32 draws make a float64 with bits in all of its mantissa.
  const [a, b] = [values(count, seed), values(count, seed + 1000)];
  for (let i = 0; i < count; i++) out[i] = (a[i]! + (f64 ? b[i]! * 2 ** -24 : 0)) * scale;
  if (edges) for (let i = 0; i < EDGES.length && i * 29 < count; i++) out[i * 29 + (seed % 7)] = EDGES[i]!;
  return out;
}

function like(x: FloatArray, length = x.length): FloatArray {
  return x instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}

/** The first differing positions, as text; [] when every value has the same bits (NaN matches NaN). */
function differences(actual: ArrayLike<number>, expected: ArrayLike<number>): string[] {
  const found: string[] = [];
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length && found.length < 5; i++) if (!Object.is(actual[i], expected[i])) found.push(`[${i}] ${actual[i]} instead of ${expected[i]}`);
  return found;
}

const SHAPES = [[9, 7], [16, 32], [1, 1], [3, 128]] as const;

describe.each([false, true])('the recurrent kernels, float64 = %s', (f64) => {
  it.each(SHAPES)('lstmCell and lstmCellBackward give the TypeScript loops\' bits, %i rows of %i units', (rows, units) => {
    for (const [scale, edges] of [[3, false], [12, true]] as const) {
      const [gateSize, stateSize] = [rows * 4 * units, rows * units];
      const xw = data(gateSize, 1, f64, scale, edges);
      const hu = data(gateSize, 2, f64, scale, edges);
      const cPrev = data(stateSize, 3, f64, scale, edges);
      const viaWasm = [like(xw), like(cPrev), like(cPrev), like(cPrev)] as const;
      const viaTs = [like(xw), like(cPrev), like(cPrev), like(cPrev)] as const;
      kernels.lstmCell(xw, hu, cPrev, ...viaWasm, rows, units);
      ts.lstmCell(xw, hu, cPrev, ...viaTs, rows, units);
      ['gates', 'c', 'tanhC', 'h'].forEach((name, k) => expect(differences(viaWasm[k]!, viaTs[k]!), `${name}, scale ${scale}`).toEqual([]));

      // Backward from the forward pass's gates, and from arbitrary values (edges included) in their place.
      const dh = data(stateSize, 4, f64, 1, edges);
      for (const [gates, tanhC] of [[viaTs[0], viaTs[2]], [data(gateSize, 5, f64, 1, edges), data(stateSize, 6, f64, 1, edges)]] as const) {
        const dcWasm = data(stateSize, 7, f64, 1, edges);
        const dcTs = dcWasm.slice();
        const [dzWasm, dzTs] = [like(xw), like(xw)];
        kernels.lstmCellBackward(gates, cPrev, tanhC, dh, dcWasm, dzWasm, rows, units);
        ts.lstmCellBackward(gates, cPrev, tanhC, dh, dcTs, dzTs, rows, units);
        expect(differences(dzWasm, dzTs), `dz, scale ${scale}`).toEqual([]);
        expect(differences(dcWasm, dcTs), `dc, scale ${scale}`).toEqual([]);
      }
    }
  });

  it.each(SHAPES)('gruCell and gruCellBackward give the TypeScript loops\' bits, %i rows of %i units', (rows, units) => {
    for (const [scale, edges] of [[3, false], [12, true]] as const) {
      const [gateSize, stateSize] = [rows * 3 * units, rows * units];
      const xw = data(gateSize, 11, f64, scale, edges);
      const hu = data(gateSize, 12, f64, scale, edges);
      const hPrev = data(stateSize, 13, f64, 1, edges);
      const viaWasm = [like(xw), like(hPrev)] as const;
      const viaTs = [like(xw), like(hPrev)] as const;
      kernels.gruCell(xw, hu, hPrev, ...viaWasm, rows, units);
      ts.gruCell(xw, hu, hPrev, ...viaTs, rows, units);
      expect(differences(viaWasm[0], viaTs[0]), `gates, scale ${scale}`).toEqual([]);
      expect(differences(viaWasm[1], viaTs[1]), `h, scale ${scale}`).toEqual([]);

      const dh = data(stateSize, 14, f64, 1, edges);
      for (const gates of [viaTs[0], data(gateSize, 15, f64, 1, edges)]) {
        const wasmOut = [like(xw), like(xw), like(hPrev)] as const;
        const tsOut = [like(xw), like(xw), like(hPrev)] as const;
        kernels.gruCellBackward(gates, hu, hPrev, dh, ...wasmOut, rows, units);
        ts.gruCellBackward(gates, hu, hPrev, dh, ...tsOut, rows, units);
        ['dxw', 'dhu', 'dhPrev'].forEach((name, k) => expect(differences(wasmOut[k]!, tsOut[k]!), `${name}, scale ${scale}`).toEqual([]));
      }
    }
  });

  it('gatherRows and swapLeadingAxes copy what the TypeScript loops copy, from views inside larger arrays', () => {
    const x = data(1 + 50 * 13, 21, f64, 5, true).subarray(1);
    const indices = Int32Array.from({ length: 37 }, (_, r) => (r * 17) % 50);
    const [outWasm, outTs] = [like(x, 37 * 13), like(x, 37 * 13)];
    kernels.gatherRows(x, indices, outWasm, 50, 13);
    ts.gatherRows(x, indices, outTs, 13);
    expect(differences(outWasm, outTs)).toEqual([]);
    kernels.gatherRows(x, new Int32Array(0), like(x, 0), 50, 13);
    for (const [outer, inner, width] of [[5, 10, 13], [50, 1, 13], [1, 50, 13], [10, 65, 1]] as const) {
      const [swappedWasm, swappedTs] = [like(x), like(x)];
      kernels.swapLeadingAxes(x, swappedWasm, outer, inner, width);
      ts.swapLeadingAxes(x, swappedTs, outer, inner, width);
      expect(differences(swappedWasm, swappedTs), `${outer}x${inner}x${width}`).toEqual([]);
    }
  });
});

describe('the recurrent kernels\' arguments', () => {
  it('refuse a mix of float32 and float64 arrays, naming the kernel', () => {
    const [f32, f64] = [new Float32Array(8), new Float64Array(8)];
    expect(() => kernels.lstmCell(f32, f32, f64.subarray(0, 2), f32, f32.subarray(0, 2), f32.subarray(0, 2), f32.subarray(0, 2), 1, 2)).toThrow(/lstmCell: the arrays must be all Float32Array or all Float64Array/);
    expect(() => kernels.swapLeadingAxes(f32, f64, 2, 2, 2)).toThrow(/swapLeadingAxes/);
  });

  it('refuse an array shorter than the shapes say, rather than read past its end', () => {
    const inner = new Float32Array(64).subarray(0, 8);
    expect(() => kernels.gruCell(inner, inner, inner, new Float32Array(9), new Float32Array(3), 1, 3)).toThrow(/an array of 8 elements where the shapes need 9/);
    expect(() => kernels.gatherRows(inner, Int32Array.from([0]), new Float32Array(4), 3, 4)).toThrow(/8 elements where the shapes need 12/);
  });

  it('give the same bits through the two-thread build (the kernels run on the calling thread there)', () => {
    const shared = loadWasmKernels({ threads: 2 });
    const [rows, units] = [5, 9];
    const xw = data(rows * 3 * units, 31, false, 4, true);
    const hu = data(rows * 3 * units, 32, false, 4, true);
    const hPrev = data(rows * units, 33, false, 1, true);
    const one = [like(xw), like(hPrev)] as const;
    const two = [like(xw), like(hPrev)] as const;
    kernels.gruCell(xw, hu, hPrev, ...one, rows, units);
    shared.gruCell(xw, hu, hPrev, ...two, rows, units);
    expect(differences(two[0], one[0])).toEqual([]);
    expect(differences(two[1], one[1])).toEqual([]);
  });
});
