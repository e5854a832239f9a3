import type { RandomGenerator, Tensor } from '@nnts/tensor';
import { ValueError, assertKnownOptions, assertRandomGenerator, gatherRows } from '@nnts/tensor';
import { fromOneHot } from './one-hot';
import { assertSameRows } from './shuffle';

export interface SplitOptions {
  /** A fraction in (0, 1) of the rows (rounded up, as scikit-learn), or a row count. 0.25 by default. */
  readonly testSize?: number;
  /** Shuffle before splitting; true by default. Without it the test set is the last rows. */
  readonly shuffle?: boolean;
  /** Keep each class's share equal in both parts; y holds class indices or one-hot rows. */
  readonly stratify?: boolean;
  /** Required to shuffle or stratify. */
  readonly random?: RandomGenerator;
}

export interface Split {
  readonly xTrain: Tensor;
  readonly xTest: Tensor;
  readonly yTrain: Tensor;
  readonly yTest: Tensor;
}

/**
 * Splits X and y into a training and a test part.
 *
 * @example
 * const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 0.5, shuffle: false }); // the seed's digits split
 */
export function trainTestSplit(x: Tensor, y: Tensor, options: SplitOptions = {}): Split {
  assertKnownOptions('trainTestSplit', options, ['testSize', 'shuffle', 'stratify', 'random']);
  const { testSize = 0.25, shuffle = true, stratify = false, random } = options;
  const n = assertSameRows('trainTestSplit', x, y);
  const testCount = testSize > 0 && testSize < 1 ? Math.ceil(testSize * n) : testSize;
  if (!Number.isInteger(testCount) || testCount < 1 || testCount >= n) {
    throw new ValueError(`trainTestSplit: testSize ${testSize} leaves no rows for one of the parts of ${n}`);
  }
  if (random !== undefined) assertRandomGenerator('trainTestSplit', 'random', random);
  if ((shuffle || stratify) && random === undefined) {
    throw new ValueError('trainTestSplit: shuffling or stratifying needs a seeded generator: pass { random: new RandomGenerator(seed) }');
  }
  let test: number[];
  if (stratify) {
    test = stratifiedTestRows(y, n, testCount, random!);
  } else {
    const order = shuffle ? Array.from(random!.permutation(n)) : Array.from({ length: n }, (_, i) => i);
    test = shuffle ? order.slice(0, testCount) : order.slice(n - testCount);
  }
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  let train = Array.from({ length: n }, (_, i) => i).filter((i) => !inTest[i]);
  if (shuffle) {
    train = Array.from(random!.permutation(train.length), (i) => train[i]!);
    test = Array.from(random!.permutation(test.length), (i) => test[i]!);
  } else {
    test.sort((a, b) => a - b);
  }
  return { xTrain: gatherRows(x, train), xTest: gatherRows(x, test), yTrain: gatherRows(y, train), yTest: gatherRows(y, test) };
}

/** Picks testCount rows so each class gets its share, the remainders going to the largest fractions. */
function stratifiedTestRows(y: Tensor, n: number, testCount: number, random: RandomGenerator): number[] {
  const labels = y.rank === 2 && y.shape[1]! > 1 ? fromOneHot(y).data : y.data;
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label)) throw new ValueError(`trainTestSplit: stratify needs class labels, row ${i} holds ${label}`);
    const rows = byClass.get(label);
    if (rows) rows.push(i);
    else byClass.set(label, [i]);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const exact = classes.map((c) => (byClass.get(c)!.length * testCount) / n);
  const counts = exact.map(Math.floor);
  const byRemainder = classes.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (let r = 0; r < testCount - counts.reduce((s, c) => s + c, 0); r++) counts[byRemainder[r]!]! += 1;
  return classes.flatMap((c, i) => {
    const rows = byClass.get(c)!;
    const order = random.permutation(rows.length);
    return Array.from(order.subarray(0, counts[i]!), (j) => rows[j]!);
  });
}
