import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalPdf } from './normal-distribution';

describe('erfc and the normal distribution', () => {
  it('matches Python math.erfc to about 1e-14 across both branches and the tails', () => {
    const reference: [number, number][] = [
      [0.5, 0.4795001221869535], [1.9, 0.0072095707647425325], [2.0, 0.004677734981047265],
      [2.1, 0.002979466656332984], [3, 2.2090496998585438e-5], [5, 1.5374597944280351e-12],
      [10, 2.088487583762545e-45], [-1, 1.842700792949715], [-3, 1.9999779095030015],
    ];
    for (const [x, expected] of reference) expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-13);
    expect(erfc(0)).toBe(1);
    expect(erfc(40)).toBe(0);
    expect(erfc(Number.NaN)).toBeNaN();
  });

  it('gives Φ and φ', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16);
  });
});
