import type { RandomGenerator, Tensor } from '@nnts/tensor';
import { ValueError, assertKnownOptions, assertRandomGenerator, gatherRows, sliceRows } from '@nnts/tensor';
import { assertSameRows } from './shuffle';

export interface BatchOptions {
  readonly batchSize: number;
  /** Shuffle the rows first (a new order on every call); without it, batches are consecutive rows. */
  readonly random?: RandomGenerator;
  /** Leave out a last batch smaller than batchSize; false by default. */
  readonly dropLast?: boolean;
}

/**
 * Mini-batches of (X, y) covering every row once: the seed's `Batch`. Unshuffled batches are views
 * (no copy); shuffled ones are gathered.
 *
 * @example
 * for (const [xb, yb] of miniBatches(x, y, { batchSize: 60, random })) step(xb, yb);
 */
export function* miniBatches(x: Tensor, y: Tensor, options: BatchOptions): Generator<[Tensor, Tensor]> {
  assertKnownOptions('miniBatches', options, ['batchSize', 'random', 'dropLast']);
  const { batchSize, random, dropLast = false } = options;
  const n = assertSameRows('miniBatches', x, y);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`miniBatches: batchSize must be an integer >= 1, got ${batchSize}`);
  if (random !== undefined) assertRandomGenerator('miniBatches', 'random', random);
  const order = random?.permutation(n);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n);
    if (dropLast && end - start < batchSize) return;
    if (order) {
      const rows = order.subarray(start, end);
      yield [gatherRows(x, rows), gatherRows(y, rows)];
    } else {
      yield [sliceRows(x, start, end), sliceRows(y, start, end)];
    }
  }
}
