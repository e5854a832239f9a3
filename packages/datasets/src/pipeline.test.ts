import { RandomGenerator, ShapeError, ValueError, arange, reshape, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { miniBatches } from './pipeline/batches';
import { fromOneHot, oneHot } from './pipeline/one-hot';
import { MinMaxScaler, StandardScaler, standardize } from './pipeline/scalers';
import { shuffle } from './pipeline/shuffle';
import { trainTestSplit } from './pipeline/split';

const f64 = (values: number[] | number[][]) => tensor(values, { dtype: 'float64' });

describe('oneHot', () => {
  it('encodes and decodes', () => {
    const y = oneHot(f64([0, 2, 1]));
    expect(y.toArray()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect(fromOneHot(y).toArray()).toEqual([0, 2, 1]);
    expect(oneHot(f64([[1]]), { numClasses: 3 }).toArray()).toEqual([[0, 1, 0]]);
    expect(() => oneHot(f64([0.5]))).toThrow('oneHot: label 0.5 at row 0 is not an integer >= 0');
    expect(() => oneHot(f64([3]), { numClasses: 3 })).toThrow(ValueError);
  });
});

describe('scalers', () => {
  const train = f64([[1, 10], [3, 10], [5, 10]]);

  it('StandardScaler uses the training mean and std on any data, and inverts', () => {
    const scaler = new StandardScaler().fit(train);
    expect(scaler.mean).toEqual([3, 10]);
    expect(scaler.std![0]).toBeCloseTo(Math.sqrt(8 / 3), 15);
    expect(scaler.std![1]).toBe(1); // constant column: no division by zero
    const test = scaler.transform(f64([[3, 12]]));
    expect(test.toArray()).toEqual([[0, 2]]);
    expect(scaler.inverseTransform(test).toArray()).toEqual([[3, 12]]);
    expect(standardize(train).get(2, 0)).toBeCloseTo(2 / Math.sqrt(8 / 3), 15);
  });

  it('MinMaxScaler maps the training range to [min, max]', () => {
    const scaler = new MinMaxScaler().fit(train);
    expect(scaler.transform(f64([[1, 10], [5, 10], [7, 10]])).toArray()).toEqual([[0, 0], [1, 0], [1.5, 0]]);
    expect(new MinMaxScaler({ min: -1, max: 1 }).fitTransform(f64([[0], [5], [10]])).toArray()).toEqual([[-1], [0], [1]]);
  });

  it('explains misuse', () => {
    expect(() => new StandardScaler().transform(train)).toThrow('StandardScaler.transform: call fit() on training data first');
    expect(() => new StandardScaler().fit(train).transform(f64([[1, 2, 3]]))).toThrow(/fitted on 2 columns, got \[1, 3\]/);
    expect(() => new StandardScaler().fit(f64([[1], [Number.NaN]]))).toThrow(/contains NaN at index \[1, 0\]/);
  });
});

describe('shuffle, split and batches', () => {
  const x = reshape(arange(20, undefined, 1, { dtype: 'float64' }), [10, 2]);
  const y = arange(10, undefined, 1, { dtype: 'float64' });

  it('shuffles X and y together', () => {
    const [xs, ys] = shuffle(x, y, new RandomGenerator(3));
    expect(Array.from(ys.data).sort((a, b) => a - b)).toEqual(Array.from(y.data));
    for (let i = 0; i < 10; i++) expect(xs.get(i, 0)).toBe(2 * ys.get(i));
    expect(() => shuffle(x, arange(3), new RandomGenerator(1))).toThrow(ShapeError);
  });

  it('splits without shuffling as the seed does: the last rows are the test set', () => {
    const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 0.5, shuffle: false });
    expect(yTrain.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(yTest.toArray()).toEqual([5, 6, 7, 8, 9]);
    expect([xTrain.shape, xTest.shape]).toEqual([[5, 2], [5, 2]]);
  });

  it('shuffled splits are a seeded partition', () => {
    const split = trainTestSplit(x, y, { testSize: 3, random: new RandomGenerator(4) });
    const all = [...split.yTrain.data, ...split.yTest.data].sort((a, b) => a - b);
    expect(all).toEqual(Array.from(y.data));
    expect(split.yTest.size).toBe(3);
    const again = trainTestSplit(x, y, { testSize: 3, random: new RandomGenerator(4) });
    expect(Array.from(again.yTest.data)).toEqual(Array.from(split.yTest.data));
    expect(() => trainTestSplit(x, y)).toThrow(/needs a seeded generator/);
    expect(() => trainTestSplit(x, y, { testSize: 10, shuffle: false })).toThrow(/leaves no rows/);
  });

  it('stratified splits keep each class share', () => {
    const labels = f64([...new Array(80).fill(0), ...new Array(20).fill(1)]);
    const rows = reshape(arange(100, undefined, 1, { dtype: 'float64' }), [100, 1]);
    const { yTest, yTrain } = trainTestSplit(rows, labels, { testSize: 0.25, stratify: true, random: new RandomGenerator(2) });
    const ones = (t: typeof yTest) => Array.from(t.data).filter((v) => v === 1).length;
    expect(yTest.size).toBe(25);
    expect(ones(yTest)).toBe(5);
    expect(ones(yTrain)).toBe(15);
    const oneHotSplit = trainTestSplit(rows, oneHot(labels), { testSize: 0.25, stratify: true, random: new RandomGenerator(2) });
    expect(Array.from(fromOneHot(oneHotSplit.yTest).data).filter((v) => v === 1).length).toBe(5);
  });

  it('mini-batches cover every row once; unshuffled ones are views', () => {
    const batches = [...miniBatches(x, y, { batchSize: 4 })];
    expect(batches.map(([, yb]) => yb.size)).toEqual([4, 4, 2]);
    expect(batches[0]![0].data.buffer).toBe(x.data.buffer);
    expect([...miniBatches(x, y, { batchSize: 4, dropLast: true })]).toHaveLength(2);
    const shuffled = [...miniBatches(x, y, { batchSize: 3, random: new RandomGenerator(1) })];
    const seen = shuffled.flatMap(([xb, yb]) => Array.from(yb.data, (v, i) => (expect(xb.get(i, 0)).toBe(2 * v), v)));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from(y.data));
    expect(() => [...miniBatches(x, y, { batchSize: 0 })]).toThrow(/batchSize must be an integer >= 1/);
  });
});

describe('options of the wrong name or kind (issue 13, item 13)', () => {
  it('oneHot refuses unknown options, a fractional class count and an unknown dtype', () => {
    expect(() => oneHot(tensor([0, 1]), { classes: 2 } as never)).toThrow("oneHot: unknown option 'classes'");
    expect(() => oneHot(tensor([0, 1]), { numClasses: 2.5 })).toThrow('oneHot: numClasses must be an integer >= 1, got 2.5');
    expect(() => oneHot(tensor([0, 1]), { dtype: 'int8' } as never)).toThrow(/unknown dtype "int8"/);
  });
});

describe('a seed where a generator belongs (issue 13, item 14)', () => {
  it('shuffle, trainTestSplit and miniBatches say to make a RandomGenerator', () => {
    const x = tensor([[1], [2], [3], [4]]);
    const y = tensor([0, 1, 0, 1]);
    expect(() => shuffle(x, y, 42 as never)).toThrow('shuffle: random must be a RandomGenerator (for a seed write new RandomGenerator(42)), got 42');
    expect(() => trainTestSplit(x, y, { random: 42 as never })).toThrow(/trainTestSplit: random must be a RandomGenerator/);
    expect(() => [...miniBatches(x, y, { batchSize: 2, random: 42 as never })]).toThrow(/miniBatches: random must be a RandomGenerator/);
  });
});
