import type { Tensor } from '@nnts/tensor';

/**
 * What every loader and generator returns: the inputs, the targets and what they mean.
 *
 * @example
 * const iris = loadIris();
 * iris.data.shape;       // [150, 4]
 * iris.target.shape;     // [150], class indices 0..2
 * iris.targetNames;      // ['setosa', 'versicolor', 'virginica']
 */
export interface Dataset {
  readonly name: string;
  /** Inputs, one row per sample: [samples, features], or [samples, height, width, channels] for images. */
  readonly data: Tensor;
  /** Targets, one per sample: class indices [samples] for classification, values for regression. */
  readonly target: Tensor;
  readonly featureNames: readonly string[];
  /** Class names (classification) or the name of the predicted quantity (regression). */
  readonly targetNames: readonly string[];
  readonly description: string;
}
