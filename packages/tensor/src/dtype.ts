import { DtypeError } from './errors';

/** Storage type of a tensor. float32 is the default, as in every deep-learning library. */
export type DType = 'float32' | 'float64';

export type FloatArray = Float32Array | Float64Array;

export const DEFAULT_DTYPE: DType = 'float32';

export function allocate(dtype: DType, size: number): FloatArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    default:
      throw new DtypeError(`unknown dtype ${JSON.stringify(dtype)}: expected 'float32' or 'float64'`);
  }
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

export function assertDType(dtype: unknown): asserts dtype is DType {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new DtypeError(`unknown dtype ${JSON.stringify(dtype)}: expected 'float32' or 'float64'`);
  }
}
