import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DType, Tensor } from '@nnts/tensor';
import type { Sequential } from '@nnts/train';
import { buildStoredModel, parseArchitecture } from './architecture';
import { StoreError } from './errors';
import { MAX_HEADER_BYTES, parseSafetensorsHeader } from './safetensors-header';
import { modelTensors } from './snapshots';
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
  const headerLength = buffer.readBigUInt64LE(0);
  if (headerLength > BigInt(buffer.length - 8)) throw new StoreError(`${source}: header length ${headerLength} runs past the end of the file (${buffer.length} bytes)`);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) throw new StoreError(`${source}: header length ${headerLength} exceeds the format's limit of ${MAX_HEADER_BYTES} bytes`);
  const start = 8 + Number(headerLength);
  const data = buffer.subarray(start);
  const { entries, metadata } = parseSafetensorsHeader(buffer.subarray(8, start).toString('utf8'), data.length, source);
  const tensors = new Map<string, Tensor>();
  for (const { key, dtype, shape, begin, end } of entries) {
    const ours = DTYPES[dtype];
    if (!ours) throw new StoreError(`${source}: tensor ${key} has dtype ${dtype}; nnts reads F32 and F64`);
    tensors.set(key, bytesToTensor(data.subarray(begin, end), ours, shape, `${source}: ${key}`));
  }
  return { tensors, metadata };
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
  const description = parseArchitecture(readFile(`${base}.json`).toString('utf8'), `${base}.json`);
  if (description.format !== 'nnts-sequential') throw new StoreError(`${base}.json is not an nnts model description (format ${JSON.stringify(description.format)})`);
  const { tensors } = decodeSafetensors(readFile(`${base}.safetensors`), `${base}.safetensors`);
  return buildStoredModel(description, [...tensors].map(([key, tensor]) => ({ key, kind: 'parameter' as const, tensor })), `${base}.safetensors`);
}

/** The file's bytes, or a StoreError naming it (a missing file, a folder in its place) instead of a raw fs error. */
function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new StoreError(`cannot read ${path}: ${(error as Error).message}`);
  }
}
