import type { Tensor } from '@nnts/tensor';
import { NntsError, ShapeError, ValueError, assertFinite, formatShape, resolveOut } from '@nnts/tensor';

/** A transformation fitted on training data, then applied unchanged to any other data. */
interface ColumnScaler {
  fit(x: Tensor): this;
  transform(x: Tensor): Tensor;
  fitTransform(x: Tensor): Tensor;
  inverseTransform(x: Tensor): Tensor;
}

function columnsOf(x: Tensor, operation: string): [number, number] {
  if (x.rank !== 2) throw new ShapeError(`${operation}: expected a table [samples, features], got ${formatShape(x.shape)}`);
  return x.shape as [number, number];
}

/** (x - offset) / scale per column, and back: the shared arithmetic of both scalers. */
abstract class AffineColumnScaler implements ColumnScaler {
  protected offset: Float64Array | null = null;
  protected scale: Float64Array | null = null;
  protected abstract readonly kind: string;

  protected abstract computeColumns(x: Tensor, rows: number, columns: number): [Float64Array, Float64Array];

  fit(x: Tensor): this {
    const [rows, columns] = columnsOf(x, `${this.kind}.fit`);
    if (rows === 0) throw new ShapeError(`${this.kind}.fit: no rows to fit on`);
    assertFinite(x, `${this.kind}.fit input`);
    [this.offset, this.scale] = this.computeColumns(x, rows, columns);
    return this;
  }

  transform(x: Tensor): Tensor {
    return this.apply(x, 'transform', (v, offset, scale) => (v - offset) / scale);
  }

  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  inverseTransform(x: Tensor): Tensor {
    return this.apply(x, 'inverseTransform', (v, offset, scale) => v * scale + offset);
  }

  private apply(x: Tensor, method: string, f: (v: number, offset: number, scale: number) => number): Tensor {
    const { offset, scale } = this;
    if (offset === null || scale === null) throw new NntsError(`${this.kind}.${method}: call fit() on training data first`);
    const [rows, columns] = columnsOf(x, `${this.kind}.${method}`);
    if (columns !== offset.length) {
      throw new ShapeError(`${this.kind}.${method}: fitted on ${offset.length} columns, got ${formatShape(x.shape)}`);
    }
    const out = resolveOut(undefined, x.shape, x.dtype, `${this.kind}.${method}`);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) out.data[r * columns + c] = f(x.data[r * columns + c]!, offset[c]!, scale[c]!);
    }
    return out;
  }
}

/**
 * Standardisation: each column to mean 0 and standard deviation 1, with the mean and standard
 * deviation of the data it was fitted on (population std, as scikit-learn). A constant column keeps
 * scale 1 instead of dividing by zero.
 *
 * @example
 * const scaler = new StandardScaler().fit(xTrain);
 * model.fit(scaler.transform(xTrain), yTrain);
 * model.predict(scaler.transform(xTest)); // the training statistics, never the test set's
 */
export class StandardScaler extends AffineColumnScaler {
  protected readonly kind = 'StandardScaler';

  get mean(): readonly number[] | null {
    return this.offset && Array.from(this.offset);
  }

  get std(): readonly number[] | null {
    return this.scale && Array.from(this.scale);
  }

  protected computeColumns(x: Tensor, rows: number, columns: number): [Float64Array, Float64Array] {
    const mean = new Float64Array(columns);
    const std = new Float64Array(columns);
    for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) mean[c] += x.data[r * columns + c]! / rows;
    for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) std[c] += (x.data[r * columns + c]! - mean[c]!) ** 2 / rows;
    for (let c = 0; c < columns; c++) std[c] = Math.sqrt(std[c]!) || 1;
    return [mean, std];
  }
}

/**
 * Min-max scaling: each column mapped linearly so the training minimum goes to `min` and the maximum
 * to `max` ([0, 1] by default). A constant column maps to `min`.
 */
export class MinMaxScaler extends AffineColumnScaler {
  protected readonly kind = 'MinMaxScaler';
  readonly min: number;
  readonly max: number;

  constructor(range: { readonly min?: number; readonly max?: number } = {}) {
    super();
    this.min = range.min ?? 0;
    this.max = range.max ?? 1;
    if (!(this.min < this.max)) throw new ValueError(`MinMaxScaler: expected min < max, got ${this.min} and ${this.max}`);
  }

  protected computeColumns(x: Tensor, rows: number, columns: number): [Float64Array, Float64Array] {
    const low = new Float64Array(columns).fill(Infinity);
    const high = new Float64Array(columns).fill(-Infinity);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const v = x.data[r * columns + c]!;
        low[c] = Math.min(low[c]!, v);
        high[c] = Math.max(high[c]!, v);
      }
    }
    // x' = (x - offset) / scale with offset and scale chosen so low -> min and high -> max.
    const offset = new Float64Array(columns);
    const scale = new Float64Array(columns);
    for (let c = 0; c < columns; c++) {
      scale[c] = (high[c]! - low[c]! || 1) / (this.max - this.min);
      offset[c] = low[c]! - this.min * scale[c]!;
    }
    return [offset, scale];
  }
}

/** Standardises x with its own statistics: the seed's one-call `scaler(X)`. Use StandardScaler to reuse them. */
export function standardize(x: Tensor): Tensor {
  return new StandardScaler().fitTransform(x);
}
