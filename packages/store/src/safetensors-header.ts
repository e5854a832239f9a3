import { StoreError } from './errors';

// The rules of the safetensors format (huggingface/safetensors, the Rust crate's `validate`), checked
// on every file before any tensor is read: a header that breaks one is refused with a StoreError
// naming the tensor and the rule, never a TypeError from deep inside, and never accepted.
//   - the header is a JSON object of at most 100 MB starting with '{'; `__metadata__` maps strings to strings;
//   - every other entry is { dtype: string, shape: non-negative integers, data_offsets: [begin, end] };
//   - end - begin is exactly the bytes of the shape in the dtype;
//   - sorted by begin, the ranges tile the data with no hole and no overlap, and end where the file ends.

/** The largest header the Rust crate reads. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Bytes per element of the dtypes the format names. */
const DTYPE_WIDTHS: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8,
};

export interface HeaderEntry {
  readonly key: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** Reads and checks the header of a safetensors file; `dataLength` is the number of bytes after it. */
export function parseSafetensorsHeader(json: string, dataLength: number, source: string): { entries: HeaderEntry[]; metadata: Record<string, string> } {
  if (!json.startsWith('{')) throw new StoreError(`${source}: the header must be a JSON object starting with '{'`);
  let header: unknown;
  try {
    header = JSON.parse(json);
  } catch (error) {
    throw new StoreError(`${source}: the header is not JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new StoreError(`${source}: the header must be a JSON object of tensors, got ${header === null ? 'null' : Array.isArray(header) ? 'an array' : typeof header}`);
  }
  const metadata = readMetadata((header as Record<string, unknown>).__metadata__, source);
  const entries: HeaderEntry[] = [];
  for (const [key, value] of Object.entries(header)) {
    if (key === '__metadata__') continue;
    entries.push(readEntry(key, value, source));
  }
  assertTiled(entries, dataLength, source);
  return { entries, metadata };
}

function readMetadata(value: unknown, source: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new StoreError(`${source}: __metadata__ must be an object of strings, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, string>;
}

function readEntry(key: string, value: unknown, source: string): HeaderEntry {
  const what = `${source}: tensor ${JSON.stringify(key)}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StoreError(`${what} must be an object { dtype, shape, data_offsets }, got ${JSON.stringify(value)}`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || DTYPE_WIDTHS[dtype] === undefined) {
    throw new StoreError(`${what} has dtype ${JSON.stringify(dtype)}; expected one of ${Object.keys(DTYPE_WIDTHS).join(', ')}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new StoreError(`${what} has shape ${JSON.stringify(shape)}; expected an array of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new StoreError(`${what} has data_offsets ${JSON.stringify(offsets)}; expected [begin, end], two non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw new StoreError(`${what} has data_offsets [${begin}, ${end}]; end must not come before begin`);
  const bytes = shape.reduce((p: number, d: number) => p * d, 1) * DTYPE_WIDTHS[dtype]!;
  if (end - begin !== bytes) throw new StoreError(`${what}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype} [${shape.join(', ')}] needs ${bytes}`);
  return { key, dtype, shape, begin, end };
}

/** The ranges, in order, must cover [0, dataLength) exactly once. */
function assertTiled(entries: readonly HeaderEntry[], dataLength: number, source: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  let previous: HeaderEntry | null = null;
  for (const entry of sorted) {
    if (entry.begin < position) {
      throw new StoreError(`${source}: tensors ${JSON.stringify(previous!.key)} [${previous!.begin}, ${previous!.end}] and ${JSON.stringify(entry.key)} [${entry.begin}, ${entry.end}] overlap`);
    }
    if (entry.begin > position) throw new StoreError(`${source}: bytes [${position}, ${entry.begin}) of the data belong to no tensor (before ${JSON.stringify(entry.key)})`);
    position = entry.end;
    previous = entry;
  }
  if (position !== dataLength) {
    throw new StoreError(`${source}: the tensors end at byte ${position} of the data but the file holds ${dataLength} bytes of data`);
  }
}
