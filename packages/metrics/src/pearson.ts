import type { Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, formatShape, zeros } from '@nnts/tensor';

/** A correlation matrix with the names of its columns. */
export interface CorrelationMatrix {
  readonly columns: readonly string[];
  /** [p, p], symmetric, 1 on the diagonal. */
  readonly matrix: Tensor;
  /** The correlation of two columns by name. */
  get(a: string, b: string): number;
  /** The matrix as a text table with `digits` decimals (2 by default). */
  toString(digits?: number): string;
}

/**
 * Pearson correlation of every pair of columns of a data table [n, p] (the seed's `Pearson(...).corr()`).
 * A column with zero variance has no defined correlation: its entries are NaN, as in numpy, and
 * never a number invented for it.
 */
export function pearsonCorrelation(data: Tensor, columns?: readonly string[]): CorrelationMatrix {
  if (data.rank !== 2 || data.shape[0]! < 2) throw new ShapeError(`pearsonCorrelation: expected a table [n >= 2, p], got ${formatShape(data.shape)}`);
  const [n, p] = data.shape as [number, number];
  const names = columns ? [...columns] : Array.from({ length: p }, (_, j) => `x${j}`);
  if (names.length !== p) throw new ValueError(`pearsonCorrelation: ${names.length} column names for ${p} columns`);
  // Each column is centred on its first value before the mean is taken: a constant column becomes
  // exact zeros, so its variance is exactly 0 and its correlations NaN. (A mean accumulated as Σ x/n
  // is off by rounding, which left a variance of ~1e-30 and correlations of ~1 or ~1e-16.)
  const shifts = new Float64Array(p);
  for (let j = 0; j < p; j++) shifts[j] = data.data[j]!;
  const means = new Float64Array(p);
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) means[j] += data.data[r * p + j]! - shifts[j]!;
  for (let j = 0; j < p; j++) means[j] = means[j]! / n;
  const matrix = zeros([p, p], { dtype: 'float64' });
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let cross = 0;
      let squaresA = 0;
      let squaresB = 0;
      for (let r = 0; r < n; r++) {
        const da = data.data[r * p + a]! - shifts[a]! - means[a]!;
        const db = data.data[r * p + b]! - shifts[b]! - means[b]!;
        cross += da * db;
        squaresA += da * da;
        squaresB += db * db;
      }
      const value = squaresA === 0 || squaresB === 0 ? Number.NaN : Math.max(-1, Math.min(1, cross / Math.sqrt(squaresA * squaresB)));
      matrix.data[a * p + b] = value;
      matrix.data[b * p + a] = value;
    }
  }
  const index = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new ValueError(`pearsonCorrelation: no column named ${JSON.stringify(name)} (columns: ${names.join(', ')})`);
    return i;
  };
  return {
    columns: names,
    matrix,
    get: (a, b) => matrix.data[index(a) * p + index(b)]!,
    toString: (digits = 2) => {
      const width = Math.max(digits + 4, ...names.map((s) => s.length)) + 1;
      const lines = [' '.repeat(width) + names.map((s) => s.padStart(width)).join('')];
      for (let a = 0; a < p; a++) {
        lines.push(names[a]!.padStart(width) + names.map((_, b) => matrix.data[a * p + b]!.toFixed(digits).padStart(width)).join(''));
      }
      return lines.join('\n');
    },
  };
}
