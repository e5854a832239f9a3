import type { FloatArray } from '../../dtype';
import type { ReduceOp } from '../backend';

// The input is viewed as [outer, axisLength, inner]; each output element reduces axisLength values
// spaced `inner` apart. Sums accumulate in float64 even for float32 data.
export function reduce(op: ReduceOp, x: FloatArray, out: FloatArray, outer: number, axisLength: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * axisLength * inner + i;
      out[o * inner + i] = reduceOne(op, x, base, axisLength, inner);
    }
  }
}

function reduceOne(op: ReduceOp, x: FloatArray, base: number, length: number, step: number): number {
  switch (op) {
    case 'sum': {
      let sum = 0;
      for (let j = 0; j < length; j++) sum += x[base + j * step]!;
      return sum;
    }
    case 'max': {
      let best = x[base]!;
      for (let j = 1; j < length && !Number.isNaN(best); j++) {
        const v = x[base + j * step]!;
        if (v > best || Number.isNaN(v)) best = v; // NaN propagates, as in numpy
      }
      return best;
    }
    case 'min': {
      let best = x[base]!;
      for (let j = 1; j < length && !Number.isNaN(best); j++) {
        const v = x[base + j * step]!;
        if (v < best || Number.isNaN(v)) best = v;
      }
      return best;
    }
    case 'argmax':
    case 'argmin': {
      // The first extreme wins ties; the first NaN wins outright (numpy's convention).
      const wantMax = op === 'argmax';
      let best = x[base]!;
      let index = 0;
      if (Number.isNaN(best)) return 0;
      for (let j = 1; j < length; j++) {
        const v = x[base + j * step]!;
        if (Number.isNaN(v)) return j;
        if (wantMax ? v > best : v < best) {
          best = v;
          index = j;
        }
      }
      return index;
    }
  }
}
