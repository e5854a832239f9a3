import type { DType } from '@nnts/tensor';
import { ValueError, assertDType, assertKnownOptions, tensor } from '@nnts/tensor';
import { readBundledFile } from './bundled-file';
import { parseNumericRows } from './csv';
import { describeValue } from './text/describe-value';
import type { Dataset } from './dataset';
import { BOSTON_DESCRIPTION, DIGITS_DESCRIPTION, IRIS_DESCRIPTION } from './descriptions';

export interface LoadOptions {
  /** The dtype of data and target; float32 by default. */
  readonly dtype?: DType;
  /**
   * The text of the data file, instead of reading it from the package: the way to load the set in a
   * runtime without Node's file system (a browser), which fetches the file from the package's data/
   * folder (digits.csv.gz decompressed first).
   */
  readonly csv?: string;
}

/** The data file's text: `options.csv` when given, else the file shipped in the package. Checks the options first. */
function fileText(name: string, caller: string, file: string, options: LoadOptions): string {
  assertKnownOptions(name, options, ['dtype', 'csv']);
  if (options.dtype !== undefined) assertDType(options.dtype);
  if (options.csv === undefined) return readBundledFile(file, caller);
  if (typeof options.csv !== 'string') throw new ValueError(`${name}: csv must be the text of ${file}, got ${describeValue(options.csv)}`);
  return options.csv;
}

/** Splits rows into inputs (all columns but the last) and targets (the last column). */
function split(rows: number[][], name: string, features: number, options: LoadOptions): { data: Dataset['data']; target: Dataset['target'] } {
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
  const [header, ...lines] = fileText('iris', 'loadIris', 'iris.csv', options).trim().split(/\r?\n/);
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
  const [, header, ...lines] = fileText('bostonHousing', 'loadBostonHousing', 'boston_house_prices.csv', options).trim().split(/\r?\n/);
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
  const rows = parseNumericRows(fileText('digits', 'loadDigits', 'digits.csv.gz', options), 'digits.csv.gz');
  return {
    name: 'digits',
    ...split(rows, 'digits', 64, options),
    featureNames: Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`),
    targetNames: Array.from({ length: 10 }, (_, d) => String(d)),
    description: DIGITS_DESCRIPTION,
  };
}
