import type { DType } from '@nnts/tensor';
import { ValueError, assertDType, assertKnownOptions, tensor } from '@nnts/tensor';
import { readBundledFile } from './bundled-file';
import { parseNumericRows } from './csv';
import type { Dataset } from './dataset';
import { BOSTON_DESCRIPTION, DIGITS_DESCRIPTION, IRIS_DESCRIPTION } from './descriptions';

export interface LoadOptions {
  /** The dtype of data and target; float32 by default. */
  readonly dtype?: DType;
}

/** Splits rows into inputs (all columns but the last) and targets (the last column). */
function split(rows: number[][], name: string, features: number, options: LoadOptions): { data: Dataset['data']; target: Dataset['target'] } {
  assertKnownOptions(name, options, ['dtype']);
  if (options.dtype !== undefined) assertDType(options.dtype);
  const dtype = options.dtype ?? 'float32';
  for (const [i, row] of rows.entries()) {
    if (row.length !== features + 1) throw new ValueError(`${name}: row ${i} has ${row.length} columns, expected ${features + 1}`);
  }
  return {
    data: tensor(rows.map((row) => row.slice(0, features)), { dtype }),
    target: tensor(rows.map((row) => row[features]!), { dtype }),
  };
}

/** Fisher's Iris: 150 flowers, 4 measurements, 3 species. Shipped with the package, no network. */
export function loadIris(options: LoadOptions = {}): Dataset {
  const [header, ...lines] = readBundledFile('iris.csv').trim().split(/\r?\n/);
  const targetNames = header!.split(',').slice(2);
  return {
    name: 'iris',
    ...split(parseNumericRows(lines.join('\n'), 'iris.csv', 2), 'iris', 4, options),
    featureNames: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
    targetNames,
    description: IRIS_DESCRIPTION,
  };
}

/**
 * Boston housing: 506 tracts, 13 features, target MEDV. Read the description: its B column encodes
 * race and should not be used to model people.
 */
export function loadBostonHousing(options: LoadOptions = {}): Dataset {
  const [, header, ...lines] = readBundledFile('boston_house_prices.csv').trim().split(/\r?\n/);
  const columns = header!.split(',').map((name) => name.replace(/"/g, ''));
  return {
    name: 'bostonHousing',
    ...split(parseNumericRows(lines.join('\n'), 'boston_house_prices.csv', 3), 'bostonHousing', 13, options),
    featureNames: columns.slice(0, 13),
    targetNames: [columns[13]!],
    description: BOSTON_DESCRIPTION,
  };
}

/** The 8x8 handwritten digits: 1,797 images of 64 pixels valued 0-16, digits 0-9. */
export function loadDigits(options: LoadOptions = {}): Dataset {
  const rows = parseNumericRows(readBundledFile('digits.csv.gz'), 'digits.csv.gz');
  return {
    name: 'digits',
    ...split(rows, 'digits', 64, options),
    featureNames: Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`),
    targetNames: Array.from({ length: 10 }, (_, d) => String(d)),
    description: DIGITS_DESCRIPTION,
  };
}
