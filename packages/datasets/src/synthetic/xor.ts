import { assertKnownOptions, assertRandomGenerator } from '@nnts/tensor';
import type { Dataset } from '../dataset';
import type { GeneratorOptions } from './options';
import { assertCount, assertNonNegative, labelledPoints } from './options';

export interface XorOptions extends GeneratorOptions {
  /** Points drawn at random corners; without it, the four corners once each. */
  readonly samples?: number;
  /** Standard deviation of Gaussian noise around the corners; 0 by default. */
  readonly noise?: number;
}

/** Exclusive or: label 1 where exactly one coordinate is 1. The smallest problem no linear model solves. */
export function makeXor(options: XorOptions): Dataset {
  assertKnownOptions('makeXor', options, ['samples', 'noise', 'random', 'dtype']);
  assertRandomGenerator('makeXor', 'random', options.random);
  const { samples, noise = 0, random, dtype } = options;
  if (samples !== undefined) assertCount('makeXor', 'samples', samples);
  assertNonNegative('makeXor', 'noise', noise);
  const count = samples ?? 4;
  const points: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const corner = samples === undefined ? i : random.nextInt(0, 4);
    const [a, b] = [corner >> 1, corner & 1];
    points.push(noise > 0 ? [a + noise * random.nextNormal(), b + noise * random.nextNormal()] : [a, b]);
    labels.push(a ^ b);
  }
  return labelledPoints(points, labels, dtype, {
    name: 'xor',
    featureNames: ['a', 'b'], targetNames: ['equal', 'different'],
    description: `Exclusive or of two bits, ${count} points, noise ${noise}.`,
  });
}
