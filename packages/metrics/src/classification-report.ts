import type { Tensor } from '@nnts/tensor';
import { ValueError, assertKnownOptions } from '@nnts/tensor';
import type { ClassOptions } from './confusion-matrix';
import { precisionRecallF1 } from './precision-recall';

export interface ReportOptions extends ClassOptions {
  /** Names printed for the classes 0..k-1 instead of their numbers. */
  readonly classNames?: readonly string[];
  /** Decimals of the scores; 2 by default. */
  readonly digits?: number;
}

/**
 * The per-class precision, recall, F1 and support as a text table, with accuracy and the macro and
 * weighted averages below, laid out like scikit-learn's classification_report.
 */
export function classificationReport(yTrue: Tensor, yPred: Tensor, options: ReportOptions = {}): string {
  assertKnownOptions('classificationReport', options, ['numClasses', 'threshold', 'classNames', 'digits']);
  const { classNames, digits = 2, ...classOptions } = options;
  const scores = precisionRecallF1(yTrue, yPred, classNames && classOptions.numClasses === undefined ? { ...classOptions, numClasses: classNames.length } : classOptions);
  const k = scores.support.length;
  if (classNames && classNames.length !== k) {
    throw new ValueError(`classificationReport: ${classNames.length} class names for ${k} classes`);
  }
  const names = classNames ?? Array.from({ length: k }, (_, c) => String(c));
  const labelWidth = Math.max(12, ...names.map((n) => n.length));
  const columnWidth = Math.max(9, digits + 3);
  const score = (v: number): string => v.toFixed(digits).padStart(columnWidth + 1);
  const count = (v: number): string => String(v).padStart(columnWidth + 1);
  const header = ' '.repeat(labelWidth + 1) + ['precision', 'recall', 'f1-score', 'support'].map((h) => h.padStart(columnWidth + 1)).join('');
  const rows = names.map((name, c) => `${name.padStart(labelWidth)} ` + score(scores.precision[c]!) + score(scores.recall[c]!) + score(scores.f1[c]!) + count(scores.support[c]!));
  const blank = ' '.repeat(columnWidth + 1);
  const accuracy = `${'accuracy'.padStart(labelWidth)} ` + blank + blank + score(scores.accuracy) + count(scores.samples);
  const average = (label: string, a: { precision: number; recall: number; f1: number }): string =>
    `${label.padStart(labelWidth)} ` + score(a.precision) + score(a.recall) + score(a.f1) + count(scores.samples);
  return [header, '', ...rows, '', accuracy, average('macro avg', scores.macro), average('weighted avg', scores.weighted)].join('\n');
}
