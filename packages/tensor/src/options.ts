import { ValueError } from './errors';

/**
 * Throws when `options` holds a key outside `known`, naming it: a misspelt option (`learningRte`)
 * must fail loudly instead of being ignored.
 */
export function assertKnownOptions(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(`${owner}: unknown option '${key}' (known: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
  }
}

/** Throws unless `value` is a finite number, naming the option and what was received. */
export function assertFiniteNumber(owner: string, option: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`${owner}: ${option} must be a finite number, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}

/** Throws unless `value` is true or false, naming the option and what was received. */
export function assertBoolean(owner: string, option: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${owner}: ${option} must be true or false, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}
