import type { RandomGenerator, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertKnownOptions, formatShape, gatherRows } from '@nnts/tensor';

export interface BootstrapOptions {
  /** The seeded generator the row indices are drawn from. */
  readonly random: RandomGenerator;
  /** How many resamples to yield; 1000 by default. */
  readonly resamples?: number;
}

/**
 * Bootstrap resampling (Efron, 1979): yields `resamples` pairs (X*, y*), each n rows drawn with
 * replacement, the same rows from X and y. The seed's `Boostrap((X, y), n_sample)`.
 *
 * @example
 * for (const [xs, ys] of bootstrap(x, y, { random: new RandomGenerator(0), resamples: 1000 })) {
 *   coefficients.push(lstsq(xs, ys));
 * }
 */
export function* bootstrap(x: Tensor, y: Tensor, options: BootstrapOptions): Generator<[Tensor, Tensor]> {
  assertKnownOptions('bootstrap', options, ['random', 'resamples']);
  const { random, resamples = 1000 } = options;
  const n = x.shape[0] ?? 0;
  if (x.rank === 0 || y.rank === 0 || y.shape[0] !== n) {
    throw new ShapeError(`bootstrap: X ${formatShape(x.shape)} and y ${formatShape(y.shape)} must have the same number of rows`);
  }
  if (n === 0) throw new ShapeError('bootstrap: no rows to resample');
  if (!Number.isInteger(resamples) || resamples < 0) throw new ValueError(`bootstrap: resamples must be an integer >= 0, got ${resamples}`);
  const rows = new Int32Array(n);
  for (let s = 0; s < resamples; s++) {
    for (let i = 0; i < n; i++) rows[i] = random.nextInt(0, n);
    yield [gatherRows(x, rows), gatherRows(y, rows)];
  }
}
