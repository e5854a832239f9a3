import type { DType, Tensor } from '@nnts/tensor';
import { tensor } from '@nnts/tensor';
import { StoreError } from './errors';

// Tensors are stored as the raw little-endian bytes of their typed array: exact to the bit and fast.
// Every platform Node runs on is little-endian; a big-endian one would need byte swapping here.

export function tensorToBytes(t: Tensor): Buffer {
  return Buffer.from(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
}

export function bytesToTensor(bytes: Uint8Array, dtype: DType, shape: readonly number[], source: string): Tensor {
  const width = dtype === 'float32' ? 4 : 8;
  const size = shape.reduce((p, d) => p * d, 1);
  if (bytes.byteLength !== size * width) {
    throw new StoreError(`${source}: ${bytes.byteLength} bytes cannot hold a ${dtype} tensor of shape [${shape.join(', ')}]`);
  }
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tensor(dtype === 'float32' ? new Float32Array(copy) : new Float64Array(copy), { shape });
}

/** The values as JSON numbers, for SQLite's json_each: what makes single weights readable in plain SQL. */
export function tensorToJson(t: Tensor): string {
  return JSON.stringify(Array.from(t.data));
}
