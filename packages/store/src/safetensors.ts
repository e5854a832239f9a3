import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DType, Tensor } from '@nnts/tensor';
import { RandomGenerator } from '@nnts/tensor';
import type { SequentialConfig } from '@nnts/train';
import { Sequential } from '@nnts/train';
import { StoreError } from './errors';
import { applyToModel, modelTensors } from './snapshots';
import { bytesToTensor, tensorToBytes } from './tensor-bytes';

// safetensors (Hugging Face): an 8-byte little-endian header length, a JSON header mapping each name
// to { dtype, shape, data_offsets } (offsets into the data that follows), then the raw little-endian
// bytes. Python, Rust and JavaScript tools read it without running any code from the file.

const DTYPE_NAMES: Readonly<Record<DType, string>> = { float32: 'F32', float64: 'F64' };
const DTYPES: Readonly<Record<string, DType>> = { F32: 'float32', F64: 'float64' };

export function encodeSafetensors(tensors: readonly { key: string; tensor: Tensor }[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const { key, tensor } of tensors) {
    header[key] = { dtype: DTYPE_NAMES[tensor.dtype], shape: tensor.shape, data_offsets: [offset, offset + tensor.data.byteLength] };
    offset += tensor.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8); // keep the data 8-byte aligned, as the format recommends
  const headerBytes = Buffer.from(json, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(headerBytes.length));
  return Buffer.concat([length, headerBytes, ...tensors.map(({ tensor }) => tensorToBytes(tensor))]);
}

export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors'): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8) throw new StoreError(`${source}: too short to be a safetensors file`);
  const headerLength = Number(buffer.readBigUInt64LE(0));
  if (headerLength > buffer.length - 8) throw new StoreError(`${source}: header length ${headerLength} runs past the end of the file (${buffer.length} bytes)`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(buffer.subarray(8, 8 + headerLength).toString('utf8'));
  } catch (error) {
    throw new StoreError(`${source}: the header is not JSON (${(error as Error).message})`);
  }
  const data = buffer.subarray(8 + headerLength);
  const tensors = new Map<string, Tensor>();
  for (const [key, entry] of Object.entries(header)) {
    if (key === '__metadata__') continue;
    const { dtype, shape, data_offsets: [begin, end] } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const ours = DTYPES[dtype];
    if (!ours) throw new StoreError(`${source}: tensor ${key} has dtype ${dtype}; nnts reads F32 and F64`);
    if (!(begin >= 0 && end >= begin && end <= data.length)) throw new StoreError(`${source}: tensor ${key} has offsets [${begin}, ${end}] outside the ${data.length} data bytes`);
    tensors.set(key, bytesToTensor(data.subarray(begin, end), ours, shape, `${source}: ${key}`));
  }
  return { tensors, metadata: (header.__metadata__ as Record<string, string> | undefined) ?? {} };
}

/**
 * Writes `${base}.safetensors` (every parameter and buffer) and `${base}.json` (the architecture and
 * loss), which together rebuild the model anywhere. Creates the directories of `base` that do not exist.
 */
export function exportModel(model: Sequential, base: string): { weights: string; architecture: string } {
  const weights = `${base}.safetensors`;
  const architecture = `${base}.json`;
  mkdirSync(dirname(weights), { recursive: true });
  writeFileSync(weights, encodeSafetensors(modelTensors(model).map(({ key, tensor }) => ({ key, tensor })), { format: 'nnts', architecture: 'see the .json file beside this one' }));
  writeFileSync(architecture, `${JSON.stringify({ format: 'nnts-sequential', version: 1, ...model.getConfig() }, null, 2)}\n`);
  return { weights, architecture };
}

/** Rebuilds a model written by exportModel, parameters exact to the bit. */
export function importModel(base: string): Sequential {
  const description = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as SequentialConfig & { format?: string };
  if (description.format !== 'nnts-sequential') throw new StoreError(`${base}.json is not an nnts model description (format ${JSON.stringify(description.format)})`);
  const model = Sequential.fromConfig(description, new RandomGenerator(0));
  const { tensors } = decodeSafetensors(readFileSync(`${base}.safetensors`), `${base}.safetensors`);
  applyToModel(model, [...tensors].map(([key, tensor]) => ({ key, kind: 'parameter' as const, tensor })), `${base}.safetensors`);
  return model;
}
