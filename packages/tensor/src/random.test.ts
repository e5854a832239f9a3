import { describe, expect, it } from 'vitest';
import { ValueError } from './errors';
import { mean, std } from './ops/reduce';
import { RandomGenerator } from './random';

describe('RandomGenerator', () => {
  it('is xoshiro128**: the reference sequence from state {1, 2, 3, 4}', () => {
    const random = new RandomGenerator(0).setState({ algorithm: 'xoshiro128**', words: [1, 2, 3, 4], spareNormal: null });
    expect(Array.from({ length: 6 }, () => random.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('seeds through splitmix32 exactly as documented (values from an independent Python transcription)', () => {
    const draw = (seed: number, n: number): number[] => {
      const random = new RandomGenerator(seed);
      return Array.from({ length: n }, () => random.nextUint32());
    };
    expect(new RandomGenerator(42).getState().words).toEqual([551831576, 144025891, 322543647, 3034809370]);
    expect(draw(42, 5)).toEqual([660444221, 3652823732, 77672526, 910233633, 2297337756]);
    expect(draw(0, 3)).toEqual([1789933344, 44971166, 2521387044]);
    expect(draw(2 ** 40 + 5, 3)).toEqual([2798861269, 1098627217, 2549534038]);
  });

  it('gives the same numbers for the same seed and different ones otherwise', () => {
    const a = new RandomGenerator(123).normal([100], 0, 1, { dtype: 'float64' });
    const b = new RandomGenerator(123).normal([100], 0, 1, { dtype: 'float64' });
    const c = new RandomGenerator(124).normal([100], 0, 1, { dtype: 'float64' });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it('saves and restores its state, spare normal included', () => {
    const random = new RandomGenerator(5);
    random.nextNormal(); // leaves a spare
    const saved = JSON.parse(JSON.stringify(random.getState()));
    const expected = [random.nextNormal(), random.nextFloat(), random.nextInt(0, 10)];
    random.setState(saved);
    expect([random.nextNormal(), random.nextFloat(), random.nextInt(0, 10)]).toEqual(expected);
    const twin = new RandomGenerator(9);
    const clone = twin.clone();
    expect(clone.nextUint32()).toBe(twin.nextUint32());
    expect(() => random.setState({ algorithm: 'xoshiro128**', words: [0, 0, 0, 0], spareNormal: null })).toThrow(ValueError);
    expect(() => random.setState({ algorithm: 'mt19937' } as never)).toThrow(/not a valid xoshiro128\*\* state/);
  });

  it('draws uniforms in [low, high) and normals with the requested moments', () => {
    const random = new RandomGenerator(2024);
    const u = random.uniform([100_000], -2, 3, { dtype: 'float64' });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u.data)).toBeLessThan(3);
    expect(mean(u).item()).toBeCloseTo(0.5, 1);
    const n = random.normal([100_000], 10, 2, { dtype: 'float64' });
    expect(mean(n).item()).toBeCloseTo(10, 1);
    expect(std(n).item()).toBeCloseTo(2, 1);
  });

  it('draws every integer of the range about equally often', () => {
    const random = new RandomGenerator(1);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[random.nextInt(-3, 4) + 3]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => random.nextInt(2, 2)).toThrow(/low < high/);
    const t = random.integers([50], 0, 3);
    expect(Array.from(t.data).every((v) => v === 0 || v === 1 || v === 2)).toBe(true);
  });

  it('permutes 0..n-1, each position uniformly', () => {
    const random = new RandomGenerator(77);
    const p = random.permutation(10);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const firstCounts = new Array<number>(4).fill(0);
    for (let i = 0; i < 40_000; i++) firstCounts[random.permutation(4)[0]!]!++;
    for (const c of firstCounts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('validates its arguments', () => {
    expect(() => new RandomGenerator(1.5)).toThrow('RandomGenerator: seed must be a safe integer, got 1.5');
    expect(() => new RandomGenerator(1).uniform([2], 1, 1)).toThrow(ValueError);
    expect(() => new RandomGenerator(1).normal([2], 0, -1)).toThrow(/std >= 0/);
  });

  it('fork gives a new stream, the same for the same parent state, and moves the parent on', () => {
    const parent = new RandomGenerator(5);
    const child = parent.fork();
    const again = new RandomGenerator(5).fork();
    const draws = (g: RandomGenerator): number[] => Array.from({ length: 8 }, () => g.nextUint32());
    expect(draws(child)).toEqual(draws(again));
    expect(parent.getState()).not.toEqual(new RandomGenerator(5).getState());
    expect(draws(parent.fork())).not.toEqual(draws(new RandomGenerator(5).fork()));
  });

  it('fillUint32 gives the draws nextUint32 would, in order, and leaves the generator where they would', () => {
    const bulk = new RandomGenerator(11);
    const single = new RandomGenerator(11);
    const out = bulk.fillUint32(new Uint32Array(1000));
    expect(Array.from(out)).toEqual(Array.from({ length: 1000 }, () => single.nextUint32()));
    expect(bulk.getState()).toEqual(single.getState());
    expect(() => bulk.fillUint32(new Int32Array(3) as never)).toThrow('fillUint32: out must be a Uint32Array');
  });
});
