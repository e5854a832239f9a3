import type { DType, Tensor } from '@nnts/tensor';
import { zeros } from '@nnts/tensor';

/**
 * A tensor a layer writes into on every call, reallocated only when the batch size or dtype changes:
 * how the training loop avoids allocating per batch.
 */
export class ReusableBuffer {
  private tensor: Tensor | null = null;

  get(shape: readonly number[], dtype: DType): Tensor {
    const current = this.tensor;
    if (current && current.dtype === dtype && current.shape.length === shape.length && current.shape.every((d, i) => d === shape[i])) {
      return current;
    }
    this.tensor = zeros(shape, { dtype });
    return this.tensor;
  }
}
