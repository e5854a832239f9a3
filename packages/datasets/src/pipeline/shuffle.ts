import type { RandomGenerator, Tensor } from '@nnts/tensor';
import { ShapeError, assertRandomGenerator, formatShape, gatherRows } from '@nnts/tensor';

export function assertSameRows(operation: string, x: Tensor, y: Tensor): number {
  const n = x.shape[0];
  if (x.rank === 0 || y.rank === 0 || n !== y.shape[0]) {
    throw new ShapeError(`${operation}: X ${formatShape(x.shape)} and y ${formatShape(y.shape)} must have the same number of rows`);
  }
  return n!;
}

/** X and y with their rows in one random order, so each sample keeps its target. */
export function shuffle(x: Tensor, y: Tensor, random: RandomGenerator): [Tensor, Tensor] {
  assertRandomGenerator('shuffle', 'random', random);
  const order = random.permutation(assertSameRows('shuffle', x, y));
  return [gatherRows(x, order), gatherRows(y, order)];
}
