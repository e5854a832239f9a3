import type { DType, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, argmax, assertDType, assertKnownOptions, describeValue, formatShape, reshape, zeros } from '@nnts/tensor';

/**
 * Class indices [n] (or [n, 1]) to one-hot rows [n, k]: row i has a 1 in column label[i].
 * k defaults to the largest label + 1.
 *
 * @example
 * oneHot(tensor([0, 2, 1])); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 */
export function oneHot(labels: Tensor, options: { readonly numClasses?: number; readonly dtype?: DType } = {}): Tensor {
  assertKnownOptions('oneHot', options, ['numClasses', 'dtype']);
  if (options.numClasses !== undefined && !(Number.isSafeInteger(options.numClasses) && options.numClasses >= 1)) {
    throw new ValueError(`oneHot: numClasses must be an integer >= 1, got ${describeValue(options.numClasses)}`);
  }
  if (options.dtype !== undefined) assertDType(options.dtype);
  if (!(labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1))) {
    throw new ShapeError(`oneHot: expected labels of shape [n] or [n, 1], got ${formatShape(labels.shape)}`);
  }
  let largest = -1;
  for (let i = 0; i < labels.size; i++) {
    const v = labels.data[i]!;
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`oneHot: label ${v} at row ${i} is not an integer >= 0`);
    largest = Math.max(largest, v);
  }
  const k = options.numClasses ?? largest + 1;
  if (largest >= k) throw new ValueError(`oneHot: label ${largest} does not fit numClasses ${k}`);
  const out = zeros([labels.size, k], { dtype: options.dtype ?? labels.dtype });
  for (let i = 0; i < labels.size; i++) out.data[i * k + labels.data[i]!] = 1;
  return out;
}

/** One-hot (or probability) rows [n, k] back to class indices [n], by argmax. */
export function fromOneHot(rows: Tensor): Tensor {
  if (rows.rank !== 2) throw new ShapeError(`fromOneHot: expected rows [n, k], got ${formatShape(rows.shape)}`);
  return reshape(argmax(rows, { axis: 1 }), [rows.shape[0]!]);
}
