import type { Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, formatShape, zeros } from '@nnts/tensor';
import { describeValue } from './describe-value';

/**
 * Ids [n, length] to one-hot vectors [n, length, vocabularySize], the input of a recurrent layer
 * without an Embedding (Keras's lstm_text_generation feeds characters this way). Id 0 is one-hot in
 * column 0 like any other id. A whole corpus one-hot is large (n * length * vocabularySize floats):
 * convert one batch at a time.
 *
 * @example
 * oneHotSequences(tensor([[1, 0], [2, 1]]), 3).toArray(); // [[[0, 1, 0], [1, 0, 0]], [[0, 0, 1], [0, 1, 0]]]
 */
export function oneHotSequences(ids: Tensor, vocabularySize: number): Tensor {
  if (ids.rank !== 2) throw new ShapeError(`oneHotSequences: expected ids of shape [n, length], got ${formatShape(ids.shape)}`);
  if (!Number.isInteger(vocabularySize) || vocabularySize < 1) {
    throw new ValueError(`oneHotSequences: vocabularySize must be an integer >= 1, got ${describeValue(vocabularySize)}`);
  }
  const [n, length] = ids.shape as [number, number];
  const out = zeros([n, length, vocabularySize], { dtype: ids.dtype });
  for (let i = 0; i < ids.size; i++) {
    const id = ids.data[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= vocabularySize) {
      throw new ValueError(`oneHotSequences: id ${id} at [${Math.floor(i / length)}, ${i % length}] is not an integer in [0, ${vocabularySize - 1}]`);
    }
    out.data[i * vocabularySize + id] = 1;
  }
  return out;
}
