import { assertKnownOptions, assertRandomGenerator } from '@nnts/tensor';
import type { Dataset } from '../dataset';
import type { GeneratorOptions } from './options';
import { assertCount, assertNonNegative, labelledPoints } from './options';

export interface SpiralOptions extends GeneratorOptions {
  /** Points per arm; 100 by default. */
  readonly samplesPerClass?: number;
  /** Arms of the spiral, one class each; 3 by default. */
  readonly classes?: number;
  /** Standard deviation of the noise on the angle; 0.2 by default. */
  readonly noise?: number;
}

/**
 * Interleaved spiral arms, one class per arm (the data of seed 001, after the CS231n notes): radius
 * grows from 0 to 1 along each arm while the angle turns, with Gaussian noise on the angle.
 */
export function makeSpiral(options: SpiralOptions): Dataset {
  assertKnownOptions('makeSpiral', options, ['samplesPerClass', 'classes', 'noise', 'random', 'dtype']);
  assertRandomGenerator('makeSpiral', 'random', options.random);
  const { samplesPerClass = 100, classes = 3, noise = 0.2, random, dtype } = options;
  assertCount('makeSpiral', 'samplesPerClass', samplesPerClass, 2);
  assertCount('makeSpiral', 'classes', classes);
  assertNonNegative('makeSpiral', 'noise', noise);
  const points: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < samplesPerClass; i++) {
      const t = i / (samplesPerClass - 1);
      const angle = (c + t) * 4 + noise * random.nextNormal();
      points.push([t * Math.sin(angle * 2.5), t * Math.cos(angle * 2.5)]);
      labels.push(c);
    }
  }
  return labelledPoints(points, labels, dtype, {
    name: 'spiral',
    featureNames: ['x', 'y'], targetNames: Array.from({ length: classes }, (_, c) => `arm ${c}`),
    description: `${classes} spiral arms of ${samplesPerClass} points, angle noise ${noise}.`,
  });
}
