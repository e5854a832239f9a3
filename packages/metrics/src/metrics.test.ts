import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, ValueError, astype, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { accuracy, accuracyMetric } from './accuracy';
import { bootstrap } from './bootstrap';
import { classificationReport } from './classification-report';
import { confusionMatrix } from './confusion-matrix';
import { METRIC_NAMES, metricFromName } from './from-name';
import { pearsonCorrelation } from './pearson';
import { precisionRecallF1 } from './precision-recall';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression';

const f64 = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'float64' });

// Three classes; class 2 is never predicted.
const truth = f64([0, 0, 1, 1, 2, 2]);
const guess = f64([0, 1, 1, 1, 0, 0]);

describe('accuracy', () => {
  it('thresholds a column of probabilities', () => {
    const y = f64([1, 0, 1, 0]);
    const p = f64([[0.9], [0.5], [0.4], [0.1]]);
    expect(accuracy(y, p)).toBe(0.5); // 0.5 counts as positive
    expect(accuracy(y, p, { threshold: 0.3 })).toBe(0.75);
    expect(accuracyMetric({ threshold: 0.3 }).compute(y, p)).toBe(0.75);
  });

  it('reads rows of scores by argmax, with one-hot or integer targets, first index on ties', () => {
    const scores = f64([[0.5, 0.5, 0], [0.1, 0.2, 0.7], [0.3, 0.6, 0.1]]);
    expect(accuracy(f64([0, 2, 0]), scores)).toBeCloseTo(2 / 3, 15);
    expect(accuracy(f64([[1, 0, 0], [0, 0, 1], [1, 0, 0]]), scores)).toBeCloseTo(2 / 3, 15);
    expect(accuracy(truth, guess)).toBe(0.5);
  });

  it('refuses mismatched sample counts and non-labels', () => {
    expect(() => accuracy(f64([0, 1]), f64([[0.2, 0.8]]))).toThrow('accuracy: yTrue [2] and yPred [1, 2] hold different numbers of samples');
    expect(() => accuracy(f64([0.5]), f64([1]))).toThrow(/yTrue\[0\] is 0.5; class labels must be integers/);
    expect(() => accuracy(f64([1]), f64([1.5]))).toThrow(ValueError);
    expect(() => accuracy(f64([]), f64([]))).toThrow(ShapeError);
  });
});

describe('confusion matrix and per-class scores', () => {
  it('counts truth by row and prediction by column', () => {
    expect(confusionMatrix(truth, guess).toArray()).toEqual([[1, 1, 0], [0, 2, 0], [2, 0, 0]]);
    expect(confusionMatrix(truth, guess, { numClasses: 4 }).shape).toEqual([4, 4]);
    expect(() => confusionMatrix(truth, guess, { numClasses: 2 })).toThrow('confusionMatrix: label 2 is outside 0..1 (numClasses 2)');
  });

  it('computes precision, recall and F1 by hand, a never-predicted class scoring 0 without NaN', () => {
    const s = precisionRecallF1(truth, guess);
    expect(s.precision).toEqual([1 / 3, 2 / 3, 0]);
    expect(s.recall).toEqual([0.5, 1, 0]);
    expect(s.f1[0]).toBeCloseTo(0.4, 15);
    expect(s.f1[1]).toBeCloseTo(0.8, 15);
    expect(s.f1[2]).toBe(0);
    expect(s.support).toEqual([2, 2, 2]);
    expect(s.accuracy).toBe(0.5);
    expect(s.macro.precision).toBeCloseTo(1 / 3, 15);
    expect(s.macro.recall).toBe(0.5);
    expect(s.macro.f1).toBeCloseTo(0.4, 15);
    expect(s.weighted.f1).toBeCloseTo(0.4, 15);
  });

  it('an empty class (numClasses) counts in the macro average and weighs nothing in the weighted one', () => {
    const s = precisionRecallF1(truth, guess, { numClasses: 4 });
    expect([s.precision[3], s.recall[3], s.f1[3], s.support[3]]).toEqual([0, 0, 0, 0]);
    expect(s.macro.recall).toBe(1.5 / 4);
    expect(s.weighted.recall).toBe(0.5);
    expect(Object.values(s.macro).every(Number.isFinite)).toBe(true);
  });

  it('weights by support when classes are unbalanced', () => {
    const s = precisionRecallF1(f64([0, 0, 0, 1]), f64([0, 0, 1, 1]));
    // class 0: p 1, r 2/3; class 1: p 1/2, r 1
    expect(s.weighted.precision).toBeCloseTo((3 * 1 + 1 * 0.5) / 4, 15);
    expect(s.weighted.recall).toBeCloseTo((3 * (2 / 3) + 1) / 4, 15);
  });

  it('prints the classification report laid out as scikit-learn prints it', () => {
    expect(classificationReport(truth, guess)).toBe([
      '              precision    recall  f1-score   support',
      '',
      '           0       0.33      0.50      0.40         2',
      '           1       0.67      1.00      0.80         2',
      '           2       0.00      0.00      0.00         2',
      '',
      '    accuracy                           0.50         6',
      '   macro avg       0.33      0.50      0.40         6',
      'weighted avg       0.33      0.50      0.40         6',
    ].join('\n'));
    const named = classificationReport(truth, guess, { classNames: ['setosa', 'versicolor', 'virginica'], digits: 3 });
    expect(named.split('\n')[4]).toBe('   virginica      0.000     0.000     0.000         2');
    expect(() => classificationReport(truth, guess, { classNames: ['a', 'b'] })).toThrow(/label 2 is outside 0..1/);
  });
});

describe('regression metrics', () => {
  it('MSE, RMSE, MAE and R² by hand', () => {
    const y = f64([1, 2, 3]);
    expect(meanSquaredError(y, f64([2, 2, 2]))).toBeCloseTo(2 / 3, 15);
    expect(rootMeanSquaredError(y, f64([2, 2, 2]))).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(meanAbsoluteError(y, f64([[2], [2], [2]]))).toBeCloseTo(2 / 3, 15);
    expect(r2Score(y, y)).toBe(1);
    expect(r2Score(y, f64([2, 2, 2]))).toBe(0);
    expect(r2Score(y, f64([3, 2, 1]))).toBe(-3);
  });

  it('R² of a constant target is 1 when exact and 0 otherwise, never NaN', () => {
    expect(r2Score(f64([2, 2]), f64([2, 2]))).toBe(1);
    expect(r2Score(f64([2, 2]), f64([1, 2]))).toBe(0);
  });

  it('R² averages output columns', () => {
    expect(r2Score(f64([[1, 1], [2, 2], [3, 3]]), f64([[1, 2], [2, 2], [3, 2]]))).toBe(0.5);
  });

  it('refuses shapes that would broadcast', () => {
    expect(() => meanSquaredError(f64([1, 2]), f64([[1, 2], [3, 4]]))).toThrow('meanSquaredError: yTrue [2] and yPred [2, 2] must have the same shape');
  });
});

describe('class options are checked (issue 13, item 13)', () => {
  it('confusionMatrix and precisionRecallF1 refuse unknown options and values of the wrong kind', () => {
    const y = tensor([0, 1, 1]);
    expect(() => confusionMatrix(y, y, { numclasses: 3 } as never)).toThrow(/confusionMatrix: unknown option 'numclasses'/);
    expect(() => confusionMatrix(y, y, { numClasses: 2.5 })).toThrow(/numClasses must be an integer >= 1, got 2.5/);
    expect(() => precisionRecallF1(y, y, { threshold: '0.5' } as never)).toThrow(/precisionRecallF1: threshold must be a finite number, got "0.5"/);
  });
});

describe('pearsonCorrelation', () => {
  it('finds perfect, inverse and undefined correlations', () => {
    const data = f64([[1, 2, 4, 7], [2, 4, 3, 7], [3, 6, 2, 7], [4, 8, 1, 7]]);
    const c = pearsonCorrelation(data, ['a', 'double', 'reverse', 'constant']);
    expect(c.get('a', 'double')).toBe(1);
    expect(c.get('a', 'reverse')).toBe(-1);
    expect(c.get('a', 'a')).toBe(1);
    expect(c.get('a', 'constant')).toBeNaN();
    expect(() => c.get('a', 'b')).toThrow(/no column named "b"/);
    expect(c.toString().split('\n')[1]).toBe('        a     1.00     1.00    -1.00      NaN');
  });

  it('a constant column is NaN whatever the constant and the number of rows (the mean was once Σ x/n, off by rounding)', () => {
    const random = new RandomGenerator(12);
    for (const rows of [3, 7, 10, 49, 100]) {
      for (let trial = 0; trial < 40; trial++) {
        const constant = random.uniform([1], -1000, 1000, { dtype: 'float64' }).data[0]! / 7;
        const varying = random.normal([rows], 0, 1, { dtype: 'float64' }).data;
        const data = f64(Array.from({ length: rows }, (_, r) => [varying[r]!, constant]));
        for (const dtype of ['float64', 'float32'] as const) {
          const c = pearsonCorrelation(dtype === 'float64' ? data : astype(data, 'float32'));
          expect(c.matrix.get(0, 1), `${rows} rows of ${constant} (${dtype})`).toBeNaN();
          expect(c.matrix.get(1, 1)).toBeNaN();
        }
      }
    }
  });

  it('matches a hand computation and is symmetric', () => {
    // x = [1, 2, 3], y = [1, 3, 2]: cov = 0.5·(... ) → r = 0.5
    const c = pearsonCorrelation(f64([[1, 1], [2, 3], [3, 2]]));
    expect(c.matrix.get(0, 1)).toBeCloseTo(0.5, 15);
    expect(c.matrix.get(1, 0)).toBe(c.matrix.get(0, 1));
    expect(c.columns).toEqual(['x0', 'x1']);
    expect(() => pearsonCorrelation(f64([[1, 2]]))).toThrow(ShapeError);
  });
});

describe('bootstrap', () => {
  const x = f64([[0, 0], [1, 10], [2, 20], [3, 30]]);
  const y = f64([0, 1, 2, 3]);

  it('yields the requested number of resamples, rows of X and y drawn together', () => {
    const samples = [...bootstrap(x, y, { random: new RandomGenerator(1), resamples: 50 })];
    expect(samples).toHaveLength(50);
    for (const [xs, ys] of samples) {
      expect(xs.shape).toEqual([4, 2]);
      for (let i = 0; i < 4; i++) expect(xs.get(i, 0)).toBe(ys.get(i));
    }
    const drawn = samples.flatMap(([, ys]) => Array.from(ys.data));
    for (let row = 0; row < 4; row++) expect(drawn.filter((v) => v === row).length).toBeGreaterThan(30);
  });

  it('is reproducible by seed', () => {
    const first = [...bootstrap(x, y, { random: new RandomGenerator(9), resamples: 3 })].map(([, ys]) => Array.from(ys.data));
    const again = [...bootstrap(x, y, { random: new RandomGenerator(9), resamples: 3 })].map(([, ys]) => Array.from(ys.data));
    expect(again).toEqual(first);
    expect(() => bootstrap(x, f64([1]), { random: new RandomGenerator(1) }).next()).toThrow(/same number of rows/);
  });
});

describe('metrics by name', () => {
  it('builds every named metric with the shared interface', () => {
    for (const name of METRIC_NAMES) {
      const metric = metricFromName(name);
      expect(metric.name).toBe(name);
      expect(Number.isFinite(metric.compute(truth, guess))).toBe(true);
    }
    expect(metricFromName('f1').compute(truth, guess)).toBeCloseTo(0.4, 15);
    expect(() => metricFromName('auc')).toThrow(/unknown metric "auc"/);
  });
});
