import type { DType, FloatArray } from '@nnts/tensor';
import { zeros } from '@nnts/tensor';

/** A time-major [steps, rows, width] array and its per-step [rows, width] views. */
export interface Steps {
  readonly all: FloatArray;
  readonly at: readonly FloatArray[];
}

/**
 * What a recurrent layer keeps for every step of a batch (its inputs' products, its states, its gates),
 * time-major so that each step is one contiguous [rows, width] block for the GEMM. Storage grows to
 * the largest batch seen and the step views are made once per size: a training loop allocates nothing
 * per batch, as ReusableBuffer does for whole tensors.
 */
export class StepArray {
  private storage: FloatArray | null = null;
  private readonly views = new Map<number, Map<number, Steps>>();

  constructor(private readonly width: number) {}

  get(steps: number, rows: number, dtype: DType): Steps {
    const cached = this.views.get(steps)?.get(rows);
    if (cached && cached.all instanceof (dtype === 'float32' ? Float32Array : Float64Array)) return cached;
    const block = rows * this.width;
    const length = steps * block;
    if (!this.storage || this.storage.length < length || !(this.storage instanceof (dtype === 'float32' ? Float32Array : Float64Array))) {
      this.storage = zeros([Math.max(length, 1)], { dtype }).data;
      this.views.clear();
    }
    const all = this.storage.subarray(0, length);
    const at = Array.from({ length: steps }, (_, s) => all.subarray(s * block, (s + 1) * block));
    const made: Steps = { all, at };
    let bySteps = this.views.get(steps);
    if (!bySteps) this.views.set(steps, (bySteps = new Map()));
    bySteps.set(rows, made);
    return made;
  }
}
