// The module's recurrent step kernels (csrc/recurrent.c) and the row movements beside them
// (csrc/movement.c) over typed arrays: each call copies its operands into the module's memory, runs
// the kernel, and copies what it wrote back. The cells take float32 or float64 arrays and give the
// bits of @nnts/layers' TypeScript loops (cells.ts); the movements copy values unchanged.
import type { ModuleMemory } from './module-memory';

type FloatArray = Float32Array | Float64Array;

/** The exports of csrc/recurrent.c and movement.c; pointers are byte addresses in the module's memory. */
export interface RecurrentExports {
  lstm_cell(xw: number, hu: number, cPrev: number, gates: number, c: number, tanhC: number, h: number, rows: number, units: number, f64: number): void;
  lstm_cell_backward(gates: number, cPrev: number, tanhC: number, dh: number, dc: number, dz: number, rows: number, units: number, f64: number): void;
  gru_cell(xw: number, hu: number, hPrev: number, gates: number, h: number, rows: number, units: number, f64: number): void;
  gru_cell_backward(gates: number, hu: number, hPrev: number, dh: number, dxw: number, dhu: number, dhPrev: number, rows: number, units: number, f64: number): void;
  gather_rows(x: number, indices: number, out: number, count: number, rowBytes: number): void;
  swap_leading_axes(x: number, out: number, outer: number, inner: number, rowBytes: number): void;
}

/** The recurrent kernels, with @nnts/tensor's Backend signatures (their contracts are stated there). */
export interface RecurrentKernels {
  /** One LSTM step (gates i, f, c, o over 4·units columns): writes gates, c, tanhC = tanh(c) and h. */
  lstmCell(xw: FloatArray, hu: FloatArray, cPrev: FloatArray, gates: FloatArray, c: FloatArray, tanhC: FloatArray, h: FloatArray, rows: number, units: number): void;
  /** Back through one LSTM step: writes dz [rows, 4·units] and overwrites dc with dL/dcPrev. */
  lstmCellBackward(gates: FloatArray, cPrev: FloatArray, tanhC: FloatArray, dh: FloatArray, dc: FloatArray, dz: FloatArray, rows: number, units: number): void;
  /** One GRU step, reset after the product (gates z, r, h over 3·units columns): writes gates and h. */
  gruCell(xw: FloatArray, hu: FloatArray, hPrev: FloatArray, gates: FloatArray, h: FloatArray, rows: number, units: number): void;
  /** Back through one GRU step: writes dxw, dhu and dhPrev = dh·z. */
  gruCellBackward(gates: FloatArray, hu: FloatArray, hPrev: FloatArray, dh: FloatArray, dxw: FloatArray, dhu: FloatArray, dhPrev: FloatArray, rows: number, units: number): void;
  /** out row r = x row indices[r] of x's `rows` rows of `width` values (the indices checked by the caller). */
  gatherRows(x: FloatArray, indices: Int32Array, out: FloatArray, rows: number, width: number): void;
  /** out[i][o] = x[o][i] for x [outer, inner, width] and out [inner, outer, width]. */
  swapLeadingAxes(x: FloatArray, out: FloatArray, outer: number, inner: number, width: number): void;
}

/**
 * The bytes of `array`'s first `length` elements as 4-byte words: how they are copied, bit for bit. A
 * view past the array's end would reach into whatever shares its buffer, so a short array is refused.
 */
function words(array: FloatArray | Int32Array, length: number): Float32Array {
  if (array.length < length) throw new RangeError(`wasm recurrent kernels: an array of ${array.length} elements where the shapes need ${length}`);
  return new Float32Array(array.buffer, array.byteOffset, (length * array.BYTES_PER_ELEMENT) / 4);
}

/** 1 for float64 data, 0 for float32, after checking that every array has the type of the first. */
function typeFlag(kernel: string, arrays: readonly FloatArray[]): number {
  const f64 = arrays[0] instanceof Float64Array;
  for (const array of arrays) {
    if (array instanceof Float64Array !== f64) throw new TypeError(`wasm ${kernel}: the arrays must be all Float32Array or all Float64Array, got a mix`);
  }
  return f64 ? 1 : 0;
}

/** A block of the module's memory a call needs: its size in 4-byte words, and the words copied into it (null for an output). */
type Block = readonly [number, Float32Array | null];
/** The first `length` elements of `array`, copied in. */
const input = (array: FloatArray | Int32Array, length: number): Block => [(length * array.BYTES_PER_ELEMENT) / 4, words(array, length)];
/** Room for `length` elements of float64 (f64 = 1) or float32 data. */
const output = (length: number, f64: number): Block => [length << f64, null];

export function createRecurrentKernels(exports: RecurrentExports, memory: ModuleMemory): RecurrentKernels {
  /** Places the blocks, copies the inputs in, and returns their byte addresses. */
  const copyIn = (blocks: readonly Block[]): number[] => {
    const addresses = memory.place(blocks.map(([size]) => size));
    blocks.forEach(([, source], k) => {
      if (source) memory.f32.set(source, addresses[k]! / 4);
    });
    return addresses;
  };
  /** Copies `length` elements from the byte address `address` into `target`. */
  const copyOut = (target: FloatArray, address: number, length: number): void => {
    const from = address / 4;
    words(target, length).set(memory.f32.subarray(from, from + (length * target.BYTES_PER_ELEMENT) / 4));
  };

  return {
    lstmCell(xw, hu, cPrev, gates, c, tanhC, h, rows, units) {
      const f64 = typeFlag('lstmCell', [xw, hu, cPrev, gates, c, tanhC, h]);
      const [gateSize, stateSize] = [rows * 4 * units, rows * units];
      const at = copyIn([input(xw, gateSize), input(hu, gateSize), input(cPrev, stateSize), output(gateSize, f64), output(stateSize, f64), output(stateSize, f64), output(stateSize, f64)]);
      exports.lstm_cell(at[0]!, at[1]!, at[2]!, at[3]!, at[4]!, at[5]!, at[6]!, rows, units, f64);
      copyOut(gates, at[3]!, gateSize);
      copyOut(c, at[4]!, stateSize);
      copyOut(tanhC, at[5]!, stateSize);
      copyOut(h, at[6]!, stateSize);
    },
    lstmCellBackward(gates, cPrev, tanhC, dh, dc, dz, rows, units) {
      const f64 = typeFlag('lstmCellBackward', [gates, cPrev, tanhC, dh, dc, dz]);
      const [gateSize, stateSize] = [rows * 4 * units, rows * units];
      const at = copyIn([input(gates, gateSize), input(cPrev, stateSize), input(tanhC, stateSize), input(dh, stateSize), input(dc, stateSize), output(gateSize, f64)]);
      exports.lstm_cell_backward(at[0]!, at[1]!, at[2]!, at[3]!, at[4]!, at[5]!, rows, units, f64);
      copyOut(dc, at[4]!, stateSize);
      copyOut(dz, at[5]!, gateSize);
    },
    gruCell(xw, hu, hPrev, gates, h, rows, units) {
      const f64 = typeFlag('gruCell', [xw, hu, hPrev, gates, h]);
      const [gateSize, stateSize] = [rows * 3 * units, rows * units];
      const at = copyIn([input(xw, gateSize), input(hu, gateSize), input(hPrev, stateSize), output(gateSize, f64), output(stateSize, f64)]);
      exports.gru_cell(at[0]!, at[1]!, at[2]!, at[3]!, at[4]!, rows, units, f64);
      copyOut(gates, at[3]!, gateSize);
      copyOut(h, at[4]!, stateSize);
    },
    gruCellBackward(gates, hu, hPrev, dh, dxw, dhu, dhPrev, rows, units) {
      const f64 = typeFlag('gruCellBackward', [gates, hu, hPrev, dh, dxw, dhu, dhPrev]);
      const [gateSize, stateSize] = [rows * 3 * units, rows * units];
      const at = copyIn([input(gates, gateSize), input(hu, gateSize), input(hPrev, stateSize), input(dh, stateSize), output(gateSize, f64), output(gateSize, f64), output(stateSize, f64)]);
      exports.gru_cell_backward(at[0]!, at[1]!, at[2]!, at[3]!, at[4]!, at[5]!, at[6]!, rows, units, f64);
      copyOut(dxw, at[4]!, gateSize);
      copyOut(dhu, at[5]!, gateSize);
      copyOut(dhPrev, at[6]!, stateSize);
    },
    gatherRows(x, indices, out, rows, width) {
      const f64 = typeFlag('gatherRows', [x, out]);
      const count = indices.length;
      const at = copyIn([input(x, rows * width), input(indices, count), output(count * width, f64)]);
      exports.gather_rows(at[0]!, at[1]!, at[2]!, count, width * x.BYTES_PER_ELEMENT);
      copyOut(out, at[2]!, count * width);
    },
    swapLeadingAxes(x, out, outer, inner, width) {
      const f64 = typeFlag('swapLeadingAxes', [x, out]);
      const size = outer * inner * width;
      const at = copyIn([input(x, size), output(size, f64)]);
      exports.swap_leading_axes(at[0]!, at[1]!, outer, inner, width * x.BYTES_PER_ELEMENT);
      copyOut(out, at[1]!, size);
    },
  };
}
