import { ValueError, assertKnownOptions, assertRandomGenerator } from '@nnts/tensor';
import type { Dataset } from '../dataset';
import type { GeneratorOptions } from './options';
import { assertCount, assertNonNegative, labelledPoints } from './options';

export interface BlobsOptions extends GeneratorOptions {
  /** One centre per class, all of one dimension. */
  readonly centers: readonly (readonly number[])[];
  /** Standard deviation of every blob; 1 by default. */
  readonly std?: number;
  /** 100 by default. */
  readonly samplesPerCenter?: number;
}

/** Gaussian blobs around given centres, labelled by centre: linearly separable when far apart. */
export function makeBlobs(options: BlobsOptions): Dataset {
  assertKnownOptions('makeBlobs', options, ['centers', 'std', 'samplesPerCenter', 'random', 'dtype']);
  assertRandomGenerator('makeBlobs', 'random', options.random);
  const { centers, std = 1, samplesPerCenter = 100, random, dtype } = options;
  const dimension = centers[0]?.length ?? 0;
  if (dimension === 0 || centers.some((c) => c.length !== dimension)) {
    throw new ValueError(`makeBlobs: expected centres of one non-zero dimension, got ${JSON.stringify(centers)}`);
  }
  assertNonNegative('makeBlobs', 'std', std);
  assertCount('makeBlobs', 'samplesPerCenter', samplesPerCenter);
  const points: number[][] = [];
  const labels: number[] = [];
  centers.forEach((center, label) => {
    for (let i = 0; i < samplesPerCenter; i++) {
      points.push(center.map((c) => c + std * random.nextNormal()));
      labels.push(label);
    }
  });
  return labelledPoints(points, labels, dtype, {
    name: 'blobs',
    featureNames: Array.from({ length: dimension }, (_, d) => `x${d}`), targetNames: centers.map((_, i) => `blob ${i}`),
    description: `${centers.length} Gaussian blobs of ${samplesPerCenter} points, std ${std}.`,
  });
}
