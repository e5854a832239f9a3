// The step kernels of the recurrent layers, as loops a learner can read: the TypeScript reference of
// the backends' lstmCell, gruCell and their backward kernels. Each function hands its work to the
// active backend when it has the kernel, and runs the loop otherwise.
import { sigmoid } from '@nnts/activations';
import type { FloatArray } from '@nnts/tensor';
import { getBackend } from '@nnts/tensor';

/**
 * One LSTM step (Keras's gate order i, f, c, o): z = xw + hu; i, f, o = σ(z); g = tanh(z_c);
 * c = f·cPrev + i·g; h = o·tanh(c). Keeps the activated gates and tanh(c) for the backward step.
 */
export function lstmCell(xw: FloatArray, hu: FloatArray, cPrev: FloatArray, gates: FloatArray, c: FloatArray, tanhC: FloatArray, h: FloatArray, rows: number, units: number): void {
  const backend = getBackend();
  if (backend.lstmCell) return backend.lstmCell(xw, hu, cPrev, gates, c, tanhC, h, rows, units);
  const width = 4 * units;
  for (let r = 0; r < rows; r++) {
    const zr = r * width;
    const sr = r * units;
    for (let j = 0; j < units; j++) {
      const i = sigmoid(xw[zr + j]! + hu[zr + j]!);
      const f = sigmoid(xw[zr + units + j]! + hu[zr + units + j]!);
      const g = Math.tanh(xw[zr + 2 * units + j]! + hu[zr + 2 * units + j]!);
      const o = sigmoid(xw[zr + 3 * units + j]! + hu[zr + 3 * units + j]!);
      const cell = f * cPrev[sr + j]! + i * g;
      const t = Math.tanh(cell);
      gates[zr + j] = i;
      gates[zr + units + j] = f;
      gates[zr + 2 * units + j] = g;
      gates[zr + 3 * units + j] = o;
      c[sr + j] = cell;
      tanhC[sr + j] = t;
      h[sr + j] = o * t;
    }
  }
}

/**
 * Back through one LSTM step. With dc the gradient reaching c from the step after, the cell's whole
 * gradient is dc + dh·o·(1 - tanh²c); from it come the four gates' pre-activation gradients, and
 * dcPrev = (that)·f, written over dc for the step before.
 */
export function lstmCellBackward(gates: FloatArray, cPrev: FloatArray, tanhC: FloatArray, dh: FloatArray, dc: FloatArray, dz: FloatArray, rows: number, units: number): void {
  const backend = getBackend();
  if (backend.lstmCellBackward) return backend.lstmCellBackward(gates, cPrev, tanhC, dh, dc, dz, rows, units);
  const width = 4 * units;
  for (let r = 0; r < rows; r++) {
    const zr = r * width;
    const sr = r * units;
    for (let j = 0; j < units; j++) {
      const i = gates[zr + j]!;
      const f = gates[zr + units + j]!;
      const g = gates[zr + 2 * units + j]!;
      const o = gates[zr + 3 * units + j]!;
      const t = tanhC[sr + j]!;
      const gradH = dh[sr + j]!;
      const gradC = dc[sr + j]! + gradH * o * (1 - t * t);
      dz[zr + j] = gradC * g * i * (1 - i);
      dz[zr + units + j] = gradC * cPrev[sr + j]! * f * (1 - f);
      dz[zr + 2 * units + j] = gradC * i * (1 - g * g);
      dz[zr + 3 * units + j] = gradH * t * o * (1 - o);
      dc[sr + j] = gradC * f;
    }
  }
}

/**
 * One GRU step in Keras's reset_after form (gate order z, r, h): the reset gate multiplies the
 * recurrent product (with its own bias) after the product, so one GEMM serves all three gates.
 */
export function gruCell(xw: FloatArray, hu: FloatArray, hPrev: FloatArray, gates: FloatArray, h: FloatArray, rows: number, units: number): void {
  const backend = getBackend();
  if (backend.gruCell) return backend.gruCell(xw, hu, hPrev, gates, h, rows, units);
  const width = 3 * units;
  for (let r = 0; r < rows; r++) {
    const zr = r * width;
    const sr = r * units;
    for (let j = 0; j < units; j++) {
      const z = sigmoid(xw[zr + j]! + hu[zr + j]!);
      const reset = sigmoid(xw[zr + units + j]! + hu[zr + units + j]!);
      const n = Math.tanh(xw[zr + 2 * units + j]! + reset * hu[zr + 2 * units + j]!);
      gates[zr + j] = z;
      gates[zr + units + j] = reset;
      gates[zr + 2 * units + j] = n;
      h[sr + j] = z * hPrev[sr + j]! + (1 - z) * n;
    }
  }
}

/** Back through one GRU step: dxw and dhu for the two products, and dh·z, the part of dhPrev that skips them. */
export function gruCellBackward(gates: FloatArray, hu: FloatArray, hPrev: FloatArray, dh: FloatArray, dxw: FloatArray, dhu: FloatArray, dhPrev: FloatArray, rows: number, units: number): void {
  const backend = getBackend();
  if (backend.gruCellBackward) return backend.gruCellBackward(gates, hu, hPrev, dh, dxw, dhu, dhPrev, rows, units);
  const width = 3 * units;
  for (let r = 0; r < rows; r++) {
    const zr = r * width;
    const sr = r * units;
    for (let j = 0; j < units; j++) {
      const z = gates[zr + j]!;
      const reset = gates[zr + units + j]!;
      const n = gates[zr + 2 * units + j]!;
      const gradH = dh[sr + j]!;
      const gradZ = gradH * (hPrev[sr + j]! - n) * z * (1 - z);
      const gradN = gradH * (1 - z) * (1 - n * n);
      const gradReset = gradN * hu[zr + 2 * units + j]! * reset * (1 - reset);
      dxw[zr + j] = gradZ;
      dxw[zr + units + j] = gradReset;
      dxw[zr + 2 * units + j] = gradN;
      dhu[zr + j] = gradZ;
      dhu[zr + units + j] = gradReset;
      dhu[zr + 2 * units + j] = gradN * reset;
      dhPrev[sr + j] = gradH * z;
    }
  }
}

/** out[i][o] = x[o][i] for x [outer, inner, width]: a [batch, time, features] batch to time-major order and back. */
export function swapLeadingAxes(x: FloatArray, out: FloatArray, outer: number, inner: number, width: number): void {
  const backend = getBackend();
  if (backend.swapLeadingAxes) return backend.swapLeadingAxes(x, out, outer, inner, width);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const from = (o * inner + i) * width;
      const to = (i * outer + o) * width;
      for (let k = 0; k < width; k++) out[to + k] = x[from + k]!;
    }
  }
}
