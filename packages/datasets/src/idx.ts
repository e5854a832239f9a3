import { ValueError } from '@nnts/tensor';
import { requireNode } from './node-runtime';

export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The contents of an IDX file (LeCun's format of MNIST): dimensions and values in row-major order. */
export interface IdxArray {
  readonly type: IdxType;
  readonly dims: readonly number[];
  readonly values: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Readonly<Record<number, [IdxType, number]>> = {
  0x08: ['uint8', 1], 0x09: ['int8', 1], 0x0b: ['int16', 2], 0x0c: ['int32', 4], 0x0d: ['float32', 4], 0x0e: ['float64', 8],
};

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The bytes, decompressed when they are gzip; a damaged or truncated gzip stream is a clear error.
 * Decompressing synchronously takes Node's zlib (a browser's DecompressionStream is asynchronous).
 */
export function decompress(bytes: Uint8Array, source: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const { zlib } = requireNode({
    caller: 'parseIdx',
    needs: `decompresses ${source} (gzip) with Node's zlib`,
    instead: "In a browser, decompress the bytes first (new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()) and pass them uncompressed.",
  });
  try {
    return zlib.gunzipSync(bytes);
  } catch (error) {
    throw new ValueError(`${source}: the gzip data is truncated or corrupt (${(error as Error).message})`);
  }
}

/**
 * Reads an IDX file, gzip-compressed or plain. The header is checked: magic number (two zero bytes,
 * a type code, a dimension count), a known type, and a data length that matches the dimensions
 * exactly: a truncated file is an error, never a shorter data set.
 */
export function parseIdx(raw: Uint8Array, source: string): IdxArray {
  const bytes = decompress(raw, source);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ValueError(`${source}: not an IDX file (the magic number must start with two zero bytes)`);
  }
  const typeEntry = TYPES[bytes[2]!];
  if (!typeEntry) throw new ValueError(`${source}: unknown IDX data type 0x${bytes[2]!.toString(16).padStart(2, '0')}`);
  const [type, width] = typeEntry;
  const rank = bytes[3]!;
  if (rank === 0) throw new ValueError(`${source}: an IDX file needs at least one dimension`);
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) throw new ValueError(`${source}: truncated IDX header (${bytes.length} bytes, expected ${headerLength})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((p, d) => p * d, 1);
  const expected = headerLength + count * width;
  if (bytes.length < expected) {
    throw new ValueError(`${source}: truncated: dimensions [${dims.join(', ')}] need ${expected} bytes, the file has ${bytes.length}`);
  }
  if (bytes.length > expected) throw new ValueError(`${source}: ${bytes.length - expected} unexpected bytes after the data of [${dims.join(', ')}]`);
  return { type, dims, values: readValues(view, headerLength, count, type) };
}

function readValues(view: DataView, offset: number, count: number, type: IdxType): IdxArray['values'] {
  switch (type) {
    case 'uint8':
      return new Uint8Array(view.buffer, view.byteOffset + offset, count).slice();
    case 'int8':
      return new Int8Array(view.buffer, view.byteOffset + offset, count).slice();
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(offset + 2 * i, false));
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(offset + 4 * i, false));
    case 'float32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(offset + 4 * i, false));
    case 'float64':
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(offset + 8 * i, false));
  }
}

/** Writes an IDX file: for tests and for users who export data in this format. */
export function encodeIdx(type: IdxType, dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const code = Number(Object.entries(TYPES).find(([, [name]]) => name === type)![0]);
  const width = TYPES[code]![1];
  const headerLength = 4 + 4 * dims.length;
  const bytes = new Uint8Array(headerLength + values.length * width);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < values.length; i++) {
    const at = headerLength + i * width;
    const v = values[i]!;
    if (type === 'uint8') view.setUint8(at, v);
    else if (type === 'int8') view.setInt8(at, v);
    else if (type === 'int16') view.setInt16(at, v, false);
    else if (type === 'int32') view.setInt32(at, v, false);
    else if (type === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return bytes;
}
