import { ValueError } from './errors';
import { RandomGenerator } from './random';
import { Tensor } from './tensor';

/**
 * Throws when `options` is not a plain object, or holds a key outside `known`, naming it: a misspelt
 * option (`learningRte`) must fail loudly instead of being ignored.
 */
export function assertKnownOptions(owner: string, options: object, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${owner}: options must be an object, got ${describeValue(options)}`);
  }
  // for...in allocates nothing: matmul and the reductions check their options on every call.
  for (const key in options) {
    if (Object.hasOwn(options, key) && !known.includes(key)) {
      throw new ValueError(`${owner}: unknown option '${key}' (known: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
  }
}

/** Throws unless `value` is a finite number, naming the option and what was received. */
export function assertFiniteNumber(owner: string, option: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`${owner}: ${option} must be a finite number, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is true or false, naming the option and what was received. */
export function assertBoolean(owner: string, option: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${owner}: ${option} must be true or false, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is one of `allowed`, listing them. */
export function assertOneOf<T extends string>(owner: string, option: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new ValueError(`${owner}: ${option} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a seeded generator: `random: 42` is a seed given where a generator belongs. */
export function assertRandomGenerator(owner: string, option: string, value: unknown): asserts value is RandomGenerator {
  if (!(value instanceof RandomGenerator)) {
    const hint = typeof value === 'number' ? ` (for a seed write new RandomGenerator(${value}))` : '';
    throw new ValueError(`${owner}: ${option} must be a RandomGenerator${hint}, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a Tensor: plain nested arrays must be wrapped with tensor(...) first. */
export function assertTensor(owner: string, what: string, value: unknown): asserts value is Tensor {
  if (!(value instanceof Tensor)) {
    throw new ValueError(`${owner}: ${what} must be a Tensor, got ${describeValue(value)}${Array.isArray(value) ? '; wrap it with tensor(...)' : ''}`);
  }
}

/** A short description of a received value for an error message: strings quoted, objects by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Tensor) return `a ${value.dtype} Tensor`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return String(value);
}
