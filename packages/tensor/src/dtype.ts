import { DtypeError } from './errors';

/** Storage type of a tensor. float32 is the default, as in every deep-learning library. */
export type DType = 'float32' | 'float64';

export type FloatArray = Float32Array | Float64Array;

export const DEFAULT_DTYPE: DType = 'float32';

// Every tensor's storage comes from allocate(), so counting here counts them all.
let allocations = 0;
let bytes = 0;

/**
 * How many tensor storages (typed arrays) this process has allocated, and their bytes, since it
 * started. Take it before and after some work to see what the work allocated: a training step,
 * once its buffers exist, allocates none.
 */
export function allocationStats(): { readonly allocations: number; readonly bytes: number } {
  return { allocations, bytes };
}

export function allocate(dtype: DType, size: number): FloatArray {
  switch (dtype) {
    case 'float32':
      allocations++;
      bytes += 4 * size;
      return new Float32Array(size);
    case 'float64':
      allocations++;
      bytes += 8 * size;
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
