import type { Tensor } from '@nnts/tensor';
import { assertFiniteNumber, assertKnownOptions, assertRandomGenerator, tensor } from '@nnts/tensor';
import type { Dataset } from '../dataset';
import type { GeneratorOptions } from './options';
import { assertCount, assertNonNegative } from './options';

export interface RegressionOptions extends GeneratorOptions {
  /** 100 by default. */
  readonly samples?: number;
  /** 1 by default. */
  readonly features?: number;
  /** Standard deviation of the Gaussian noise added to y; 0 by default. */
  readonly noise?: number;
  /** 0 by default. */
  readonly bias?: number;
}

/**
 * A linear regression problem (as scikit-learn's make_regression): x ~ N(0, 1), coefficients uniform
 * in [0, 100), y = x·coefficients + bias + noise·N(0, 1). The true coefficients come back with it.
 */
export function makeRegression(options: RegressionOptions): Dataset & { readonly coefficients: Tensor } {
  assertKnownOptions('makeRegression', options, ['samples', 'features', 'noise', 'bias', 'random', 'dtype']);
  assertRandomGenerator('makeRegression', 'random', options.random);
  const { samples = 100, features = 1, noise = 0, bias = 0, random, dtype = 'float32' } = options;
  assertCount('makeRegression', 'samples', samples);
  assertCount('makeRegression', 'features', features);
  assertNonNegative('makeRegression', 'noise', noise);
  assertFiniteNumber('makeRegression', 'bias', bias);
  const x = random.normal([samples, features], 0, 1, { dtype: 'float64' });
  const coefficients = Array.from({ length: features }, () => 100 * random.nextFloat());
  const y = Array.from({ length: samples }, (_, i) => {
    let value = bias;
    for (let f = 0; f < features; f++) value += x.data[i * features + f]! * coefficients[f]!;
    return value + noise * random.nextNormal();
  });
  return {
    name: 'regression', data: tensor(x.data, { shape: [samples, features], dtype }), target: tensor(y, { dtype }),
    featureNames: Array.from({ length: features }, (_, f) => `x${f}`), targetNames: ['y'],
    description: `y = x·w + ${bias} + N(0, ${noise}²) with ${features} features and ${samples} samples.`,
    coefficients: tensor(coefficients, { dtype: 'float64' }),
  };
}
