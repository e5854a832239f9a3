import { ReportError } from './report-error';

/** A short description of a received value for an error message: strings quoted, objects by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return String(value);
}

/** Throws unless `options` is a plain object whose keys are all in `known`: a misspelt option must fail loudly. */
export function assertKnownOptions(owner: string, options: unknown, known: readonly string[]): asserts options is object {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ReportError(`${owner}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new ReportError(`${owner}: unknown option '${key}' (known: ${known.join(', ')})`);
  }
}

/** Throws unless `value` is an integer >= `min`. */
export function assertInteger(owner: string, option: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ReportError(`${owner}: ${option} must be an integer >= ${min}, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a non-empty string. */
export function assertText(owner: string, option: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new ReportError(`${owner}: ${option} must be a non-empty string, got ${describeValue(value)}`);
}

/** Throws unless `value` is an array of `count` strings (names of rows, classes, images). */
export function assertNames(owner: string, option: string, value: unknown, count: number, [one, many]: readonly [string, string]): asserts value is readonly string[] {
  if (!Array.isArray(value) || value.some((name) => typeof name !== 'string')) {
    throw new ReportError(`${owner}: ${option} must be an array of strings, got ${describeValue(value)}`);
  }
  if (value.length !== count) throw new ReportError(`${owner}: ${option} has ${value.length} names for ${count} ${count === 1 ? one : many}; give one name per ${one}`);
  const seen = new Set<string>();
  for (const name of value as string[]) {
    if (seen.has(name)) throw new ReportError(`${owner}: ${option} names ${JSON.stringify(name)} twice; each must be distinct`);
    seen.add(name);
  }
}

/** Throws unless `value` is an array of finite numbers, naming where the first bad one sits. */
export function assertNumbers(owner: string, what: string, value: unknown): asserts value is ArrayLike<number> {
  const isArrayLike = Array.isArray(value) || ArrayBuffer.isView(value);
  if (!isArrayLike) throw new ReportError(`${owner}: ${what} must be an array of numbers, got ${describeValue(value)}`);
  const values = value as ArrayLike<unknown>;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ReportError(`${owner}: ${what}[${i}] must be a finite number, got ${describeValue(v)}`);
  }
}

/** Throws unless `rows` is a non-empty matrix whose rows have one length, and returns [rows, columns]. */
export function assertMatrix(owner: string, what: string, rows: unknown): [number, number] {
  if (!Array.isArray(rows) || rows.length === 0) throw new ReportError(`${owner}: ${what} must be a non-empty array of rows, got ${describeValue(rows)}`);
  const columns = (rows[0] as ArrayLike<number> | undefined)?.length;
  rows.forEach((row: unknown, i) => {
    assertNumbers(owner, `${what}[${i}]`, row);
    if ((row as ArrayLike<number>).length !== columns) {
      throw new ReportError(`${owner}: ${what} is ragged: row 0 has ${columns} values, row ${i} has ${(row as ArrayLike<number>).length}`);
    }
  });
  if (!columns) throw new ReportError(`${owner}: ${what} has rows of no values`);
  return [rows.length, columns];
}
