import type { FloatArray } from '../../dtype';

// A GotoBLAS-style matmul in plain TypeScript. Panels of A and B are copied ("packed") into small
// contiguous Float64Array buffers in exactly the order the micro-kernel reads them, so:
//  - the micro-kernel reads memory sequentially and only ever sees Float64Array (monomorphic, fast),
//  - a transposed operand costs nothing extra: only the packing loop reads it in another order,
//  - the blocks stay in cache while they are reused.
// Sizes were tuned on a 2-core AMD EPYC (bench/matmul.bench.ts); any values give correct results.
const MR = 4; // rows of C computed at once by the micro-kernel
const NR = 4; // columns of C computed at once
const KC = 256; // depth of one packed panel
const MC = 96; // rows of A packed at once
const NC = 1024; // columns of B packed at once

// Scratch buffers kept for reuse: a training loop calls matmul thousands of times, and allocating
// them per call would hand the garbage collector megabytes per step.
let packedA = new Float64Array(MC * KC);
let packedB = new Float64Array(NC * KC);
const edgeTile = new Float64Array(MR * NR);

function packA(a: FloatArray, transposeA: boolean, m: number, k: number, row0: number, depth0: number, rows: number, depth: number): void {
  // Layout: for each strip of MR rows, depth-major: [p][r]. Rows past the edge are zero.
  let o = 0;
  for (let i = 0; i < rows; i += MR) {
    for (let p = 0; p < depth; p++) {
      const col = depth0 + p;
      for (let r = 0; r < MR; r++) {
        const row = row0 + i + r;
        packedA[o++] = i + r < rows ? (transposeA ? a[col * m + row]! : a[row * k + col]!) : 0;
      }
    }
  }
}

function packB(b: FloatArray, transposeB: boolean, k: number, n: number, depth0: number, col0: number, depth: number, cols: number): void {
  // Layout: for each strip of NR columns, depth-major: [p][c]. Columns past the edge are zero.
  let o = 0;
  for (let j = 0; j < cols; j += NR) {
    for (let p = 0; p < depth; p++) {
      const row = depth0 + p;
      for (let c = 0; c < NR; c++) {
        const col = col0 + j + c;
        packedB[o++] = j + c < cols ? (transposeB ? b[col * k + row]! : b[row * n + col]!) : 0;
      }
    }
  }
}

/** C[row0.., col0..] += (packed A strip) @ (packed B strip), a 4x4 tile kept in locals. */
function microKernel(
  pa: Float64Array, aOffset: number, pb: Float64Array, bOffset: number, depth: number,
  c: FloatArray, n: number, row0: number, col0: number, rows: number, cols: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let ia = aOffset;
  let ib = bOffset;
  for (let p = 0; p < depth; p++) {
    const a0 = pa[ia]!, a1 = pa[ia + 1]!, a2 = pa[ia + 2]!, a3 = pa[ia + 3]!;
    const b0 = pb[ib]!, b1 = pb[ib + 1]!, b2 = pb[ib + 2]!, b3 = pb[ib + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ia += MR;
    ib += NR;
  }
  if (rows === MR && cols === NR) {
    let o = row0 * n + col0;
    c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; o += n;
    c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; o += n;
    c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23; o += n;
    c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
    return;
  }
  // Edge tile: only the part inside C is written.
  const tile = edgeTile;
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < cols; col++) c[(row0 + r) * n + col0 + col] += tile[r * NR + col]!;
  }
}

export function matmulBlocked(
  a: FloatArray, b: FloatArray, out: FloatArray,
  m: number, k: number, n: number,
  transposeA: boolean, transposeB: boolean,
  bias: FloatArray | null = null,
): void {
  out.fill(0, 0, m * n);
  if (packedA.length < MC * KC) packedA = new Float64Array(MC * KC);
  if (packedB.length < NC * KC) packedB = new Float64Array(NC * KC);
  for (let col0 = 0; col0 < n; col0 += NC) {
    const cols = Math.min(NC, n - col0);
    for (let depth0 = 0; depth0 < k; depth0 += KC) {
      const depth = Math.min(KC, k - depth0);
      packB(b, transposeB, k, n, depth0, col0, depth, cols);
      for (let row0 = 0; row0 < m; row0 += MC) {
        const rows = Math.min(MC, m - row0);
        packA(a, transposeA, m, k, row0, depth0, rows, depth);
        for (let j = 0; j < cols; j += NR) {
          const bOffset = (j / NR) * depth * NR;
          const tileCols = Math.min(NR, cols - j);
          for (let i = 0; i < rows; i += MR) {
            microKernel(
              packedA, (i / MR) * depth * MR, packedB, bOffset, depth,
              out, n, row0 + i, col0 + j, Math.min(MR, rows - i), tileCols,
            );
          }
        }
      }
    }
  }
  if (bias) addBias(out, bias, m, n);
}

/** The textbook triple loop, kept as the reference the blocked kernel is tested and benchmarked against. */
export function matmulNaive(
  a: FloatArray, b: FloatArray, out: FloatArray,
  m: number, k: number, n: number,
  transposeA: boolean, transposeB: boolean,
  bias: FloatArray | null = null,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const av = transposeA ? a[p * m + i]! : a[i * k + p]!;
        const bv = transposeB ? b[j * k + p]! : b[p * n + j]!;
        sum += av * bv;
      }
      out[i * n + j] = sum;
    }
  }
  if (bias) addBias(out, bias, m, n);
}

function addBias(out: FloatArray, bias: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] += bias[j]!;
}
