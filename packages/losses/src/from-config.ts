import { ValueError, assertKnownOptions } from '@nnts/tensor';
import { BinaryCrossEntropy } from './binary-cross-entropy';
import { CrossEntropy } from './cross-entropy';
import { Huber } from './huber';
import type { Loss, LossConfig } from './loss';
import { MeanAbsoluteError } from './mean-absolute-error';
import { MeanSquaredError } from './mean-squared-error';

type Builder = (options: Record<string, unknown>) => Loss;

const builders: Readonly<Record<string, Builder>> = {
  binaryCrossEntropy: (options) => new BinaryCrossEntropy(options),
  crossEntropy: (options) => new CrossEntropy(options),
  meanSquaredError: (options) => (assertKnownOptions('meanSquaredError', options, []), new MeanSquaredError()),
  meanAbsoluteError: (options) => (assertKnownOptions('meanAbsoluteError', options, []), new MeanAbsoluteError()),
  huber: (options) => new Huber(options),
};

export const LOSS_NAMES: readonly string[] = Object.keys(builders);

/**
 * Rebuilds a loss from what its `getConfig()` returned.
 *
 * @example
 * lossFromConfig({ name: 'crossEntropy', fromLogits: true, epsilon: 1e-7 });
 */
export function lossFromConfig(config: LossConfig): Loss {
  const { name, ...options } = config;
  const build = builders[name];
  if (build === undefined) throw new ValueError(`lossFromConfig: unknown loss ${JSON.stringify(name)} (known: ${LOSS_NAMES.join(', ')})`);
  return build(options);
}
