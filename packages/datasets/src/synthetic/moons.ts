import { assertKnownOptions, assertRandomGenerator } from '@nnts/tensor';
import type { Dataset } from '../dataset';
import type { GeneratorOptions } from './options';
import { assertCount, assertNonNegative, labelledPoints } from './options';

export interface MoonsOptions extends GeneratorOptions {
  /** 100 by default; the outer moon gets the odd one out. */
  readonly samples?: number;
  /** Standard deviation of Gaussian noise added to each coordinate; 0 by default. */
  readonly noise?: number;
}

/** Two interleaving half circles (scikit-learn's make_moons): class 0 the upper moon, class 1 the lower. */
export function makeMoons(options: MoonsOptions): Dataset {
  assertKnownOptions('makeMoons', options, ['samples', 'noise', 'random', 'dtype']);
  assertRandomGenerator('makeMoons', 'random', options.random);
  const { samples = 100, noise = 0, random, dtype } = options;
  assertCount('makeMoons', 'samples', samples, 2);
  assertNonNegative('makeMoons', 'noise', noise);
  const outer = Math.ceil(samples / 2);
  const inner = samples - outer;
  const points: number[][] = [];
  const labels: number[] = [];
  const angle = (i: number, n: number): number => (n > 1 ? (Math.PI * i) / (n - 1) : 0);
  for (let i = 0; i < outer; i++) {
    points.push([Math.cos(angle(i, outer)), Math.sin(angle(i, outer))]);
    labels.push(0);
  }
  for (let i = 0; i < inner; i++) {
    points.push([1 - Math.cos(angle(i, inner)), 0.5 - Math.sin(angle(i, inner))]);
    labels.push(1);
  }
  if (noise > 0) for (const p of points) for (let d = 0; d < 2; d++) p[d]! += noise * random.nextNormal();
  return labelledPoints(points, labels, dtype, {
    name: 'moons',
    featureNames: ['x', 'y'], targetNames: ['upper moon', 'lower moon'],
    description: `Two interleaving half circles, ${samples} points, noise ${noise}.`,
  });
}
