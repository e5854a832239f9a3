import { allocate } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { formatShape } from '../shape';
import { Tensor } from '../tensor';
import { assertSameDType } from './out';

// Direct solvers for the small dense systems of classical statistics (OLS, its standard errors).
// They work in float64 whatever the input dtype and return the input's dtype.

function asMatrix(x: Tensor, operation: string, name: string): [number, number] {
  if (x.rank === 1) return [x.shape[0]!, 1];
  if (x.rank !== 2) throw new ShapeError(`${operation}: ${name} must be a vector or a matrix, got shape ${formatShape(x.shape)}`);
  return [x.shape[0]!, x.shape[1]!];
}

/**
 * Solves a·x = b for square `a` by LU decomposition with partial pivoting. `b` is a vector or a
 * matrix of right-hand sides; x has b's shape. Throws when `a` is singular.
 */
export function solve(a: Tensor, b: Tensor): Tensor {
  assertSameDType(a, b, 'solve');
  const [n, n2] = asMatrix(a, 'solve', 'a');
  const [rows, rhs] = asMatrix(b, 'solve', 'b');
  if (a.rank !== 2 || n !== n2) throw new ShapeError(`solve: a must be a square matrix, got shape ${formatShape(a.shape)}`);
  if (rows !== n) throw new ShapeError(`solve: a ${formatShape(a.shape)} and b ${formatShape(b.shape)} have different numbers of rows`);
  const lu = Float64Array.from(a.data);
  const x = Float64Array.from(b.data);
  const scale = lu.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(lu[r * n + col]!) > Math.abs(lu[pivot * n + col]!)) pivot = r;
    if (Math.abs(lu[pivot * n + col]!) <= scale * n * Number.EPSILON) {
      throw new ValueError(`solve: the matrix ${formatShape(a.shape)} is singular (no pivot in column ${col})`);
    }
    if (pivot !== col) {
      swapRows(lu, n, pivot, col);
      swapRows(x, rhs, pivot, col);
    }
    for (let r = col + 1; r < n; r++) {
      const factor = lu[r * n + col]! / lu[col * n + col]!;
      if (factor === 0) continue;
      for (let c = col; c < n; c++) lu[r * n + c] -= factor * lu[col * n + c]!;
      for (let c = 0; c < rhs; c++) x[r * rhs + c] -= factor * x[col * rhs + c]!;
    }
  }
  backSubstitute(lu, n, n, x, rhs);
  return fromFloat64(x, b);
}

/** The inverse of a square matrix (prefer `solve` when the inverse is only multiplied by something). */
export function inv(a: Tensor): Tensor {
  const n = a.shape[0] ?? 0;
  const identity = allocate(a.dtype, n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  return solve(a, new Tensor(identity, [n, n]));
}

/**
 * The least-squares solution of a·x ≈ b (a is m x n with m >= n and full column rank), by
 * Householder QR, which is far more accurate than forming aᵀa. x has n rows and b's columns.
 */
export function lstsq(a: Tensor, b: Tensor): Tensor {
  assertSameDType(a, b, 'lstsq');
  if (a.rank !== 2) throw new ShapeError(`lstsq: a must be a matrix, got shape ${formatShape(a.shape)}`);
  const [m, n] = a.shape as [number, number];
  const [rows, rhs] = asMatrix(b, 'lstsq', 'b');
  if (rows !== m) throw new ShapeError(`lstsq: a ${formatShape(a.shape)} and b ${formatShape(b.shape)} have different numbers of rows`);
  if (m < n) throw new ShapeError(`lstsq: a ${formatShape(a.shape)} has fewer rows than columns; the problem is underdetermined`);
  const r = Float64Array.from(a.data);
  const qtb = Float64Array.from(b.data);
  const v = new Float64Array(m);
  for (let col = 0; col < n; col++) {
    // The reflector that zeroes column `col` below the diagonal: H = I - 2 v vᵀ / (vᵀ v).
    let norm = 0;
    for (let i = col; i < m; i++) norm += r[i * n + col]! ** 2;
    norm = Math.sqrt(norm);
    const columnScale = Math.max(...Array.from({ length: m }, (_, i) => Math.abs(a.data[i * n + col]!)));
    if (norm <= columnScale * m * Number.EPSILON || norm === 0) {
      throw new ValueError(`lstsq: column ${col} of a ${formatShape(a.shape)} is linearly dependent on the others (rank deficient)`);
    }
    const alpha = r[col * n + col]! > 0 ? -norm : norm;
    let vv = 0;
    for (let i = col; i < m; i++) {
      v[i] = r[i * n + col]! - (i === col ? alpha : 0);
      vv += v[i]! ** 2;
    }
    reflect(r, n, col, n, v, vv, col, m);
    reflect(qtb, rhs, 0, rhs, v, vv, col, m);
  }
  const x = qtb.subarray(0, n * rhs);
  backSubstitute(r, n, n, x, rhs);
  const shape = b.rank === 1 ? [n] : [n, rhs];
  const out = allocate(a.dtype, n * rhs);
  out.set(x);
  return new Tensor(out, shape);
}

/** Applies H = I - 2 v vᵀ / vv to rows from..to of `matrix` (width `width`), in columns c0..c1. */
function reflect(matrix: Float64Array, width: number, c0: number, c1: number, v: Float64Array, vv: number, from: number, to: number): void {
  for (let c = c0; c < c1; c++) {
    let dot = 0;
    for (let i = from; i < to; i++) dot += v[i]! * matrix[i * width + c]!;
    const f = (2 * dot) / vv;
    for (let i = from; i < to; i++) matrix[i * width + c] -= f * v[i]!;
  }
}

/** Solves U·x = y in place for the upper triangle of `u` (width `width`, n rows). */
function backSubstitute(u: Float64Array, width: number, n: number, x: Float64Array, rhs: number): void {
  for (let row = n - 1; row >= 0; row--) {
    for (let c = 0; c < rhs; c++) {
      let s = x[row * rhs + c]!;
      for (let k = row + 1; k < n; k++) s -= u[row * width + k]! * x[k * rhs + c]!;
      x[row * rhs + c] = s / u[row * width + row]!;
    }
  }
}

function swapRows(m: Float64Array, width: number, i: number, j: number): void {
  for (let c = 0; c < width; c++) {
    const t = m[i * width + c]!;
    m[i * width + c] = m[j * width + c]!;
    m[j * width + c] = t;
  }
}

function fromFloat64(values: Float64Array, like: Tensor): Tensor {
  const out = allocate(like.dtype, values.length);
  out.set(values);
  return new Tensor(out, like.shape);
}
