import type { Tensor } from '@nnts/tensor';
import { DtypeError, RandomGenerator, ShapeError, ValueError, maxRelativeError, numericalGradient, relativeError, reshape, tensor, zeros } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { BinaryCrossEntropy } from './binary-cross-entropy';
import { CrossEntropy } from './cross-entropy';
import { LOSS_NAMES, lossFromConfig } from './from-config';
import { Huber } from './huber';
import type { Loss } from './loss';
import { MeanAbsoluteError } from './mean-absolute-error';
import { MeanSquaredError } from './mean-squared-error';

const f64 = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'float64' });
const random = new RandomGenerator(31);

function oneHot(labels: readonly number[], classes: number): Tensor {
  const t = zeros([labels.length, classes], { dtype: 'float64' });
  labels.forEach((label, row) => t.setInPlace(1, row, label));
  return t;
}

/** Rows of probabilities in (0, 1) that sum to 1, some of them near 0 and 1. */
function probabilityRows(rows: number, classes: number): Tensor {
  const t = random.uniform([rows, classes], 0.05, 1, { dtype: 'float64' });
  t.setInPlace(1 - 1e-4, 0, 0);
  for (let k = 1; k < classes; k++) t.setInPlace(1e-4 / (classes - 1), 0, k);
  for (let r = 1; r < rows; r++) {
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += t.get(r, k);
    for (let k = 0; k < classes; k++) t.setInPlace(t.get(r, k) / sum, r, k);
  }
  return t;
}

interface Case {
  readonly title: string;
  readonly loss: Loss;
  readonly yTrue: Tensor;
  readonly yPred: Tensor;
  readonly epsilon?: number;
}

const labels = [0, 2, 1, 2, 0, 1];
const logits = random.normal([6, 3], 0, 3, { dtype: 'float64' });
logits.setInPlace(50, 0, 0);
logits.setInPlace(-50, 1, 2);
const binaryTargets = f64([[1], [0], [1], [0], [1], [0]]);
const binaryProbabilities = f64([[1 - 1e-4], [1e-4], [0.3], [0.6], [0.05], [0.95]]);
const binaryLogits = f64([[50], [-50], [2.5], [-0.3], [-20], [20]]);
const regressionTrue = random.normal([5, 2], 0, 3, { dtype: 'float64' });
const regressionPred = random.normal([5, 2], 0, 3, { dtype: 'float64' });

const cases: Case[] = [
  { title: 'MSE', loss: new MeanSquaredError(), yTrue: regressionTrue, yPred: regressionPred },
  { title: 'MAE', loss: new MeanAbsoluteError(), yTrue: regressionTrue, yPred: regressionPred },
  { title: 'Huber(delta 1.5)', loss: new Huber({ delta: 1.5 }), yTrue: regressionTrue, yPred: regressionPred },
  { title: 'BCE, probabilities near 0 and 1', loss: new BinaryCrossEntropy(), yTrue: binaryTargets, yPred: binaryProbabilities, epsilon: 1e-9 },
  { title: 'BCE, unclipped', loss: new BinaryCrossEntropy({ clip: false }), yTrue: binaryTargets, yPred: binaryProbabilities, epsilon: 1e-9 },
  { title: 'BCE, soft targets', loss: new BinaryCrossEntropy(), yTrue: f64([[0.2], [0.9], [0.5]]), yPred: f64([[0.3], [0.4], [0.99]]) },
  { title: 'BCE from logits up to ±50', loss: new BinaryCrossEntropy({ fromLogits: true }), yTrue: binaryTargets, yPred: binaryLogits },
  { title: 'CE, one-hot, probabilities', loss: new CrossEntropy(), yTrue: oneHot(labels, 3), yPred: probabilityRows(6, 3), epsilon: 1e-9 },
  { title: 'CE, integer labels, probabilities', loss: new CrossEntropy(), yTrue: f64(labels), yPred: probabilityRows(6, 3), epsilon: 1e-9 },
  { title: 'CE from logits up to ±50, one-hot', loss: new CrossEntropy({ fromLogits: true }), yTrue: oneHot(labels, 3), yPred: logits },
  { title: 'CE from logits, labels [n, 1]', loss: new CrossEntropy({ fromLogits: true }), yTrue: f64(labels.map((l) => [l])), yPred: logits },
];

describe('every loss gradient against finite differences (float64)', () => {
  for (const { title, loss, yTrue, yPred, epsilon } of cases) {
    it(title, () => {
      const expected = numericalGradient((p) => loss.forward(yTrue, p), yPred, epsilon === undefined ? {} : { epsilon });
      const actual = loss.backward(yTrue, yPred);
      expect(actual.shape).toEqual(yPred.shape);
      expect(relativeError(actual, expected)).toBeLessThan(1e-6);
      expect(Array.from(actual.data).every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(loss.forward(yTrue, yPred))).toBe(true);
    });
  }
});

describe('values by hand', () => {
  it('regression losses', () => {
    const y = f64([1, 2, 3]);
    const p = f64([1.5, 2, 2]);
    expect(new MeanSquaredError().forward(y, p)).toBeCloseTo(1.25 / 3, 15);
    expect(new MeanAbsoluteError().forward(y, p)).toBeCloseTo(0.5, 15);
    expect(new Huber().forward(y, p)).toBeCloseTo((0.125 + 0 + 0.5) / 3, 15);
    expect(new Huber().forward(f64([0]), f64([3]))).toBe(2.5);
    expect(new MeanSquaredError().backward(y, p).toArray()).toEqual([1 / 3, 0, -2 / 3]);
    expect(new MeanAbsoluteError().backward(y, p).toArray()).toEqual([1 / 3, 0, -1 / 3]);
  });

  it('binary cross-entropy, with the clipping of the seed', () => {
    const bce = new BinaryCrossEntropy();
    expect(bce.forward(f64([1, 0]), f64([0.8, 0.3]))).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 15);
    expect(bce.forward(f64([1, 0]), f64([1, 0]))).toBeCloseTo(-Math.log(1 - 1e-7), 12); // round(BCE(y, y)) = 0
    const saturated = bce.backward(f64([0, 1]), f64([1, 0]));
    expect(Array.from(saturated.data).every(Number.isFinite)).toBe(true);
    expect(saturated.get(0)).toBeGreaterThan(0); // pushes a wrong p = 1 down
    expect(saturated.get(1)).toBeLessThan(0);
    expect(new BinaryCrossEntropy({ clip: false }).forward(f64([1]), f64([0]))).toBe(Infinity);
  });

  it('categorical cross-entropy, both label formats give one value', () => {
    const p = f64([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]);
    const expected = -(Math.log(0.7) + Math.log(0.8)) / 2;
    expect(new CrossEntropy().forward(oneHot([0, 1], 3), p)).toBeCloseTo(expected, 15);
    expect(new CrossEntropy().forward(f64([0, 1]), p)).toBeCloseTo(expected, 15);
    expect(new CrossEntropy().forward(oneHot([0, 1], 3), oneHot([0, 1], 3))).toBe(0);
  });

  it('fused softmax + cross-entropy gives (p - y) / n and equals the chain rule through softmax', () => {
    const z = f64([[2, 1, -1], [0.5, 0.5, 3]]);
    const y = oneHot([0, 2], 3);
    const p = z.toArray().map((row) => {
      const e = (row as number[]).map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    const fused = new CrossEntropy({ fromLogits: true }).backward(y, z);
    p.forEach((row, r) => row.forEach((pk, k) => expect(fused.get(r, k)).toBeCloseTo((pk - y.get(r, k)) / 2, 15)));
    // Chain rule: dL/dp from the probability form, then softmax's Jacobian diag(p) - p pᵀ.
    const dp = new CrossEntropy().backward(y, f64(p));
    p.forEach((row, r) => {
      const dot = row.reduce((s, pk, k) => s + pk * dp.get(r, k), 0);
      row.forEach((pk, k) => expect(pk * (dp.get(r, k) - dot)).toBeCloseTo(fused.get(r, k), 14));
    });
    expect(new CrossEntropy({ fromLogits: true }).forward(y, z)).toBeCloseTo(new CrossEntropy().forward(y, f64(p)), 14);
  });

  it('BCE from logits equals BCE of sigmoid, without overflow at ±800', () => {
    const z = f64([3, -2]);
    const p = f64([1 / (1 + Math.exp(-3)), 1 / (1 + Math.exp(2))]);
    const y = f64([1, 0]);
    expect(new BinaryCrossEntropy({ fromLogits: true }).forward(y, z)).toBeCloseTo(new BinaryCrossEntropy().forward(y, p), 14);
    expect(new BinaryCrossEntropy({ fromLogits: true }).forward(f64([0, 1]), f64([800, -800]))).toBe(800);
  });

  it('float32 predictions give float32 gradients', () => {
    expect(new MeanSquaredError().backward(tensor([1, 2]), tensor([0, 0])).dtype).toBe('float32');
  });
});

describe('bad input is refused with both shapes named', () => {
  it('mismatched shapes, never broadcast', () => {
    expect(() => new MeanSquaredError().forward(zeros([4]), zeros([4, 4]))).toThrow('meanSquaredError: yTrue [4] and yPred [4, 4] must have the same shape');
    expect(new MeanSquaredError().forward(f64([1, 2]), f64([[1], [2]]))).toBe(0); // [n] pairs with [n, 1]
    expect(() => new CrossEntropy().forward(zeros([2, 4]), zeros([2, 3]))).toThrow(/yTrue \[2, 4\] does not fit yPred \[2, 3\]/);
    expect(() => new CrossEntropy().forward(zeros([2]), zeros([6]))).toThrow(ShapeError);
  });

  it('invalid labels and targets', () => {
    expect(() => new CrossEntropy().forward(f64([0, 3]), zeros([2, 3]))).toThrow('crossEntropy: label 3 in row 1 is not a class index in [0, 3) for yPred [2, 3]');
    expect(() => new CrossEntropy().forward(f64([0.5, 1]), zeros([2, 3]))).toThrow(/label 0.5 in row 0/);
    expect(() => new CrossEntropy().forward(f64([[1, 1, 0]]), zeros([1, 3]))).toThrow(/row 0 of yTrue sums to 2/);
    expect(() => new BinaryCrossEntropy().forward(f64([2]), f64([0.5]))).toThrow('binaryCrossEntropy: yTrue[0] is 2; targets must lie in [0, 1]');
    expect(() => new MeanSquaredError().forward(f64([Number.NaN]), f64([0.5]))).toThrow(/yTrue\[0\] is NaN/);
    expect(() => new MeanSquaredError().backward(f64([1]), f64([1]), { out: zeros([1]) })).toThrow(DtypeError);
  });

  it('bad options', () => {
    expect(() => new Huber({ delta: 0 })).toThrow('Huber: delta must be > 0, got 0');
    expect(() => new CrossEntropy({ fromLogit: true } as never)).toThrow("CrossEntropy: unknown option 'fromLogit' (known: fromLogits, epsilon)");
    expect(() => new BinaryCrossEntropy({ epsilon: 0.7 })).toThrow(ValueError);
    expect(() => new BinaryCrossEntropy({ fromLogits: 'yes' as never })).toThrow(/fromLogits must be true or false/);
  });
});

describe('configuration', () => {
  it('round-trips every loss through JSON', () => {
    const losses = [new MeanSquaredError(), new MeanAbsoluteError(), new Huber({ delta: 2 }), new BinaryCrossEntropy({ fromLogits: true }), new CrossEntropy({ epsilon: 1e-6 })];
    expect(LOSS_NAMES).toHaveLength(losses.length);
    for (const loss of losses) {
      const rebuilt = lossFromConfig(JSON.parse(JSON.stringify(loss.getConfig())));
      expect(rebuilt.getConfig()).toEqual(loss.getConfig());
    }
    expect(() => lossFromConfig({ name: 'hinge' })).toThrow(/unknown loss "hinge"/);
  });
});

it('maxRelativeError is also tight where differences are accurate (MSE)', () => {
  const loss = new MeanSquaredError();
  expect(maxRelativeError(loss.backward(regressionTrue, regressionPred), numericalGradient((p) => loss.forward(regressionTrue, p), regressionPred))).toBeLessThan(1e-6);
});

describe('CrossEntropy over [samples, ..., classes] (a sequence model scored at every step)', () => {
  /** Row-wise softmax over the last axis. */
  const softmax = (z: Tensor): Tensor => {
    const k = z.shape[z.rank - 1]!;
    const out = tensor(new Float64Array(z.size), { shape: z.shape });
    for (let r = 0; r < z.size / k; r++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(z.data[r * k + j]!);
      for (let j = 0; j < k; j++) out.data[r * k + j] = Math.exp(z.data[r * k + j]!) / sum;
    }
    return out;
  };
  const logits = new RandomGenerator(3).normal([2, 3, 4], 0, 1, { dtype: 'float64' });
  const p = softmax(logits);
  const labels = tensor([[0, 3, 1], [2, 2, 0]], { dtype: 'float64' });

  it('is the mean over every row, as the same rows in a matrix give', () => {
    const loss = new CrossEntropy();
    const flat = loss.forward(reshape(labels, [6]), reshape(p, [6, 4]));
    expect(loss.forward(labels, p)).toBeCloseTo(flat, 14);
    expect(loss.forward(reshape(labels, [2, 3, 1]), p)).toBeCloseTo(flat, 14);
    expect(Array.from(loss.backward(labels, p).data)).toEqual(Array.from(loss.backward(reshape(labels, [6]), reshape(p, [6, 4])).data));
  });

  it('has the gradient of finite differences, through softmax too', () => {
    const loss = new CrossEntropy();
    const analytic = loss.backwardThroughSoftmax(labels, p);
    const numeric = numericalGradient(() => loss.forward(labels, softmax(logits)), logits);
    expect(relativeError(analytic, numeric)).toBeLessThan(1e-7);
  });

  it('names the shapes when the targets do not fit', () => {
    expect(() => new CrossEntropy().forward(tensor([[0, 1]]), p)).toThrow(/yTrue \[1, 2\] does not fit yPred \[2, 3, 4\]: expected one-hot rows \[2, 3, 4\] or labels \[2, 3\]/);
  });
});
