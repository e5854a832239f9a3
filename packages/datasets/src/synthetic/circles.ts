import { ValueError, assertKnownOptions, assertRandomGenerator, tensor } from '@nnts/tensor';
import type { Dataset } from '../dataset';
import type { GeneratorOptions } from './options';
import { assertCount, labelledPoints } from './options';

export interface CirclesOptions extends GeneratorOptions {
  /** Centres of the discs, e.g. [[-50, 0], [20, 30]] as in the seed tutorial. */
  readonly centers: readonly (readonly [number, number])[];
  readonly radii: readonly number[];
  /** Points drawn in each disc; 160 by default. */
  readonly samplesPerCircle?: number;
}

/**
 * Points spread uniformly inside discs, labelled by disc (the seed's make_circle_data): a linearly
 * separable problem when the discs do not touch.
 */
export function makeCircles(options: CirclesOptions): Dataset {
  assertKnownOptions('makeCircles', options, ['centers', 'radii', 'samplesPerCircle', 'random', 'dtype']);
  assertRandomGenerator('makeCircles', 'random', options.random);
  const { centers, radii, samplesPerCircle = 160, random, dtype } = options;
  if (centers.length === 0 || centers.length !== radii.length) {
    throw new ValueError(`makeCircles: expected as many radii as centres (at least one), got ${centers.length} centres and ${radii.length} radii`);
  }
  assertCount('makeCircles', 'samplesPerCircle', samplesPerCircle);
  const points: number[][] = [];
  const labels: number[] = [];
  centers.forEach(([cx, cy], label) => {
    const radius = radii[label]!;
    if (!(radius > 0)) throw new ValueError(`makeCircles: radius ${label} must be > 0, got ${radius}`);
    for (let i = 0; i < samplesPerCircle; i++) {
      // √u makes the density uniform over the area, not crowded at the centre.
      const r = radius * Math.sqrt(random.nextFloat());
      const angle = 2 * Math.PI * random.nextFloat();
      points.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
      labels.push(label);
    }
  });
  return labelledPoints(points, labels, dtype, {
    name: 'circles',
    featureNames: ['x', 'y'], targetNames: centers.map((_, i) => `circle ${i}`),
    description: `${centers.length} discs of ${samplesPerCircle} uniform points each, labelled by disc.`,
  });
}

export interface DiscOptions extends GeneratorOptions {
  /** 1,500 by default, as in the seed. */
  readonly samples?: number;
  /** Points are uniform in [-range, range]²; 100 by default. */
  readonly range?: number;
  /** Label 1 where x² + y² < radiusSquared; 3000 by default. */
  readonly radiusSquared?: number;
}

/** The seed's disc problem: uniform points in a square, labelled 1 inside a centred circle. Not linearly separable. */
export function makeDisc(options: DiscOptions): Dataset {
  assertKnownOptions('makeDisc', options, ['samples', 'range', 'radiusSquared', 'random', 'dtype']);
  assertRandomGenerator('makeDisc', 'random', options.random);
  const { samples = 1500, range = 100, radiusSquared = 3000, random, dtype } = options;
  assertCount('makeDisc', 'samples', samples);
  const points = random.uniform([samples, 2], -range, range, { dtype: 'float64' });
  const labels = Array.from({ length: samples }, (_, i) => (points.data[2 * i]! ** 2 + points.data[2 * i + 1]! ** 2 < radiusSquared ? 1 : 0));
  return {
    name: 'disc', data: tensor(points.data, { shape: [samples, 2], dtype: dtype ?? 'float32' }), target: tensor(labels, dtype ? { dtype } : {}),
    featureNames: ['x', 'y'], targetNames: ['outside', 'inside'],
    description: `${samples} points uniform in [-${range}, ${range}]², labelled 1 where x² + y² < ${radiusSquared}.`,
  };
}
