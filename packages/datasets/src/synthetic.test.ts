import { RandomGenerator, ValueError } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { makeBlobs } from './synthetic/blobs';
import { makeCircles, makeDisc } from './synthetic/circles';
import { makeMoons } from './synthetic/moons';
import { makeRegression } from './synthetic/regression';
import { makeSpiral } from './synthetic/spiral';
import { makeXor } from './synthetic/xor';

const random = (seed = 1): RandomGenerator => new RandomGenerator(seed);

describe('synthetic generators', () => {
  it('are reproducible by seed and differ across seeds', () => {
    const a = makeSpiral({ random: random(5) });
    const b = makeSpiral({ random: random(5) });
    const c = makeSpiral({ random: random(6) });
    expect(Array.from(a.data.data)).toEqual(Array.from(b.data.data));
    expect(Array.from(a.data.data)).not.toEqual(Array.from(c.data.data));
  });

  it('circles: points inside their disc, labelled by disc', () => {
    const centers = [[-50, 0], [20, 30]] as const;
    const radii = [30, 35];
    const d = makeCircles({ centers, radii, random: random(), dtype: 'float64' });
    expect(d.data.shape).toEqual([320, 2]);
    for (let i = 0; i < 320; i++) {
      const label = d.target.get(i);
      const [cx, cy] = centers[label]!;
      expect(Math.hypot(d.data.get(i, 0) - cx, d.data.get(i, 1) - cy)).toBeLessThanOrEqual(radii[label]!);
    }
    expect(() => makeCircles({ centers, radii: [1], random: random() })).toThrow(/as many radii as centres/);
  });

  it('disc: 1,500 points labelled by x² + y² < 3000, as in the seed', () => {
    const d = makeDisc({ random: random(), dtype: 'float64' });
    expect(d.data.shape).toEqual([1500, 2]);
    let inside = 0;
    for (let i = 0; i < 1500; i++) {
      const expected = d.data.get(i, 0) ** 2 + d.data.get(i, 1) ** 2 < 3000 ? 1 : 0;
      expect(d.target.get(i)).toBe(expected);
      inside += expected;
    }
    // The disc covers π·3000 / 200² ≈ 23.6% of the square.
    expect(inside / 1500).toBeGreaterThan(0.19);
    expect(inside / 1500).toBeLessThan(0.28);
  });

  it('moons: exact half circles without noise', () => {
    const d = makeMoons({ samples: 101, random: random(), dtype: 'float64' });
    expect(d.data.shape).toEqual([101, 2]);
    for (let i = 0; i < 51; i++) expect(Math.hypot(d.data.get(i, 0), d.data.get(i, 1))).toBeCloseTo(1, 12);
    for (let i = 51; i < 101; i++) expect(Math.hypot(d.data.get(i, 0) - 1, d.data.get(i, 1) - 0.5)).toBeCloseTo(1, 12);
    expect(d.target.get(0)).toBe(0);
    expect(d.target.get(100)).toBe(1);
  });

  it('spiral: 3 arms of 100 points with radius growing to 1', () => {
    const d = makeSpiral({ samplesPerClass: 100, classes: 3, random: random(), dtype: 'float64' });
    expect(d.data.shape).toEqual([300, 2]);
    expect(Math.hypot(d.data.get(99, 0), d.data.get(99, 1))).toBeCloseTo(1, 12);
    expect(Math.hypot(d.data.get(100, 0), d.data.get(100, 1))).toBe(0);
    expect(d.target.get(299)).toBe(2);
  });

  it('xor: the four corners, or noisy corners with the right labels', () => {
    const exact = makeXor({ random: random() });
    expect(exact.data.toArray()).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(exact.target.toArray()).toEqual([0, 1, 1, 0]);
    const noisy = makeXor({ samples: 200, noise: 0.1, random: random(), dtype: 'float64' });
    for (let i = 0; i < 200; i++) {
      const bit = (v: number): number => (v > 0.5 ? 1 : 0);
      expect(noisy.target.get(i)).toBe(bit(noisy.data.get(i, 0)) ^ bit(noisy.data.get(i, 1)));
    }
  });

  it('blobs: centred where asked', () => {
    const d = makeBlobs({ centers: [[0, 0], [10, -10]], std: 0.5, samplesPerCenter: 400, random: random(), dtype: 'float64' });
    let mean = 0;
    for (let i = 400; i < 800; i++) mean += d.data.get(i, 0) / 400;
    expect(mean).toBeCloseTo(10, 1);
    expect(() => makeBlobs({ centers: [[0], [1, 2]], random: random() })).toThrow(ValueError);
  });

  it('regression: y = x·w + bias exactly without noise, and the noise has the requested size', () => {
    const d = makeRegression({ samples: 50, features: 3, bias: 2, random: random(), dtype: 'float64' });
    for (let i = 0; i < 50; i++) {
      let y = 2;
      for (let f = 0; f < 3; f++) y += d.data.get(i, f) * d.coefficients.get(f);
      expect(d.target.get(i)).toBeCloseTo(y, 10);
    }
    const noisy = makeRegression({ samples: 4000, noise: 3, random: random(2), dtype: 'float64' });
    let squared = 0;
    for (let i = 0; i < 4000; i++) squared += (noisy.target.get(i) - noisy.data.get(i, 0) * noisy.coefficients.get(0)) ** 2 / 4000;
    expect(Math.sqrt(squared)).toBeCloseTo(3, 0);
    expect(() => makeRegression({ samples: 0, random: random() })).toThrow('makeRegression: samples must be an integer >= 1, got 0');
    expect(() => makeRegression({ sample: 5, random: random() } as never)).toThrow(/unknown option 'sample'/);
  });
});

describe('a seed where a generator belongs (issue 13, item 14)', () => {
  it('every generator says to make a RandomGenerator', () => {
    const random = 42 as never;
    expect(() => makeSpiral({ samplesPerClass: 5, classes: 2, random })).toThrow('makeSpiral: random must be a RandomGenerator (for a seed write new RandomGenerator(42)), got 42');
    expect(() => makeXor({ random })).toThrow(/makeXor: random must be a RandomGenerator/);
    expect(() => makeMoons({ samples: 4, random })).toThrow(/makeMoons: random must be a RandomGenerator/);
    expect(() => makeDisc({ samples: 4, random })).toThrow(/makeDisc: random must be a RandomGenerator/);
  });
});
