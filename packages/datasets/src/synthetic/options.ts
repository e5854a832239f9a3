import type { DType, RandomGenerator } from '@nnts/tensor';
import { ValueError, tensor } from '@nnts/tensor';
import type { Dataset } from '../dataset';

/** Every generator draws from a seeded generator passed in: the same seed, the same data set. */
export interface GeneratorOptions {
  readonly random: RandomGenerator;
  readonly dtype?: DType;
}

export function assertCount(generator: string, option: string, value: number, minimum = 1): void {
  if (!Number.isInteger(value) || value < minimum) throw new ValueError(`${generator}: ${option} must be an integer >= ${minimum}, got ${value}`);
}

export function assertNonNegative(generator: string, option: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) throw new ValueError(`${generator}: ${option} must be a finite number >= 0, got ${value}`);
}

/** The Dataset of a generator: rows of points with their integer labels, in the requested dtype. */
export function labelledPoints(
  points: number[][], labels: number[], dtype: DType | undefined,
  meta: Pick<Dataset, 'name' | 'featureNames' | 'targetNames' | 'description'>,
): Dataset {
  const options = { dtype: dtype ?? 'float32' } as const;
  return { ...meta, data: tensor(points, options), target: tensor(labels, options) };
}
