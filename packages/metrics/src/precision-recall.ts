import type { Tensor } from '@nnts/tensor';
import type { ClassOptions } from './confusion-matrix';
import { assertClassOptions, confusionMatrix } from './confusion-matrix';

export interface Averages {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Per-class scores, their macro and support-weighted averages, and the overall accuracy. */
export interface ClassScores {
  readonly precision: readonly number[];
  readonly recall: readonly number[];
  readonly f1: readonly number[];
  /** How many samples of each class the targets hold. */
  readonly support: readonly number[];
  /** Unweighted mean over classes. */
  readonly macro: Averages;
  /** Mean over classes weighted by support. */
  readonly weighted: Averages;
  readonly accuracy: number;
  readonly samples: number;
}

/**
 * Precision, recall and F1 of every class 0..k-1, one-vs-rest.
 *
 * Convention for empty denominators (scikit-learn's zero_division=0): a class never predicted has
 * precision 0, a class absent from the targets has recall 0, and F1 is 0 when precision + recall is 0.
 * No division by zero ever produces NaN. Such classes still count in the macro average (pass
 * `numClasses` to include classes that occur nowhere) and weigh nothing in the weighted one.
 */
export function precisionRecallF1(yTrue: Tensor, yPred: Tensor, options: ClassOptions = {}): ClassScores {
  assertClassOptions('precisionRecallF1', options);
  const counts = confusionMatrix(yTrue, yPred, options);
  const k = counts.shape[0]!;
  const cell = (i: number, j: number): number => counts.data[i * k + j]!;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  let correct = 0;
  let samples = 0;
  for (let c = 0; c < k; c++) {
    let predictedAsC = 0;
    let actuallyC = 0;
    for (let j = 0; j < k; j++) {
      predictedAsC += cell(j, c);
      actuallyC += cell(c, j);
    }
    const truePositives = cell(c, c);
    const p = safeRatio(truePositives, predictedAsC);
    const r = safeRatio(truePositives, actuallyC);
    precision.push(p);
    recall.push(r);
    f1.push(safeRatio(2 * p * r, p + r));
    support.push(actuallyC);
    correct += truePositives;
    samples += actuallyC;
  }
  const mean = (values: number[], weights?: number[]): number => {
    const total = weights ? weights.reduce((a, b) => a + b, 0) : values.length;
    return safeRatio(values.reduce((s, v, i) => s + v * (weights ? weights[i]! : 1), 0), total);
  };
  return {
    precision, recall, f1, support,
    macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) },
    weighted: { precision: mean(precision, support), recall: mean(recall, support), f1: mean(f1, support) },
    accuracy: safeRatio(correct, samples),
    samples,
  };
}

function safeRatio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
