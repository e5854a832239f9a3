import { ValueError } from '@nnts/tensor';

/**
 * The largest magnitude up to which float32 holds every integer exactly: tensors are float32 or
 * float64 only, so an id above it would silently become its neighbour.
 */
export const LARGEST_EXACT_FLOAT32_INTEGER = 2 ** 24;

/** Throws unless `value` is an integer in [minimum, 2^24], naming where it was found. */
export function assertExactId(owner: string, value: unknown, where: string, minimum = 0): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > LARGEST_EXACT_FLOAT32_INTEGER) {
    const received = typeof value === 'number' ? String(value) : `${typeof value} ${JSON.stringify(value)}`;
    throw new ValueError(`${owner}: ${where} is ${received}; expected an integer in [${minimum}, ${LARGEST_EXACT_FLOAT32_INTEGER}] (float32 holds integers exactly only up to 2^24)`);
  }
}
