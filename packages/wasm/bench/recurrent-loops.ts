// The TypeScript loops the recurrent and movement kernels replace, as the packages above this one write
// them: @nnts/layers' recurrent/cells.ts (lstmCell, lstmCellBackward, gruCell, gruCellBackward,
// swapLeadingAxes, each without its hand-off to the backend) and @nnts/tensor's gatherRows element
// loop (ops/movement.ts). This package depends on neither, so its tests and benchmark carry these
// copies; @nnts/layers' cells test checks the wasm backend against the real ones.
import { sigmoid } from './typescript-loops';

type FloatArray = Float32Array | Float64Array;

export function lstmCell(xw: FloatArray, hu: FloatArray, cPrev: FloatArray, gates: FloatArray, c: FloatArray, tanhC: FloatArray, h: FloatArray, rows: number, units: number): void {
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

export function lstmCellBackward(gates: FloatArray, cPrev: FloatArray, tanhC: FloatArray, dh: FloatArray, dc: FloatArray, dz: FloatArray, rows: number, units: number): void {
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

export function gruCell(xw: FloatArray, hu: FloatArray, hPrev: FloatArray, gates: FloatArray, h: FloatArray, rows: number, units: number): void {
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

export function gruCellBackward(gates: FloatArray, hu: FloatArray, hPrev: FloatArray, dh: FloatArray, dxw: FloatArray, dhu: FloatArray, dhPrev: FloatArray, rows: number, units: number): void {
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

export function swapLeadingAxes(x: FloatArray, out: FloatArray, outer: number, inner: number, width: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const from = (o * inner + i) * width;
      const to = (i * outer + o) * width;
      for (let k = 0; k < width; k++) out[to + k] = x[from + k]!;
    }
  }
}

export function gatherRows(x: FloatArray, indices: Int32Array, out: FloatArray, width: number): void {
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r]! * width;
    const to = r * width;
    for (let j = 0; j < width; j++) out[to + j] = x[from + j]!;
  }
}
