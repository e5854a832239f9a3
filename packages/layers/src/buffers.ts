import type { DType, Shape, Tensor } from '@nnts/tensor';
import { sliceRows, zeros } from '@nnts/tensor';

/**
 * A tensor a layer writes into on every call: how the training loop avoids allocating per batch.
 * Storage grows to the largest batch seen; a smaller batch (an epoch's last) gets a view of the first
 * rows, made once per size and kept, so alternating batch sizes allocate nothing either.
 *
 * `options` hands out `{ ...extra, out }` objects for the op that fills the buffer, also made once
 * per size: an options literal written in a per-batch call would be a fresh object every batch.
 */
export class ReusableBuffer<Extra extends object = object> {
  private storage: Tensor | null = null;
  private readonly views = new Map<number, Tensor>();
  private readonly optionObjects = new Map<Tensor, Extra & { readonly out: Tensor }>();
  private readonly extra: Extra;

  constructor(extra?: Extra) {
    this.extra = extra ?? ({} as Extra);
  }

  /** A [rows, ...shape[1:]] tensor of `dtype`, reused while the trailing shape and dtype stay the same. */
  get(shape: readonly number[], dtype: DType): Tensor {
    const rows = shape[0] ?? 1;
    const view = this.views.get(rows);
    if (view && view.dtype === dtype && sameTrailing(view.shape, shape)) return view;
    const storage = this.storage;
    if (!storage || storage.dtype !== dtype || !sameTrailing(storage.shape, shape) || storage.shape.length === 0 || storage.shape[0]! < rows) {
      this.storage = zeros(shape, { dtype });
      this.views.clear();
      this.optionObjects.clear();
    }
    const fresh = shape.length === 0 || this.storage!.shape[0] === rows ? this.storage! : sliceRows(this.storage!, 0, rows);
    this.views.set(rows, fresh);
    return fresh;
  }

  /** `get([rows, ...sampleShape], dtype)` without building the shape array when the view exists: the per-batch call of layers. */
  batch(rows: number, sampleShape: Shape, dtype: DType): Tensor {
    const view = this.views.get(rows);
    if (view && view.dtype === dtype && view.rank === sampleShape.length + 1 && sameSample(view.shape, sampleShape)) return view;
    return this.get([rows, ...sampleShape], dtype);
  }

  /** `get([rows, cols], dtype)` without building the shape array: the per-batch call of dense layers. */
  matrix(rows: number, cols: number, dtype: DType): Tensor {
    const view = this.views.get(rows);
    if (view && view.dtype === dtype && view.rank === 2 && view.shape[1] === cols) return view;
    return this.get([rows, cols], dtype);
  }

  /** `{ ...extra, out }` for a tensor this buffer returned. */
  options(out: Tensor): Extra & { readonly out: Tensor } {
    let options = this.optionObjects.get(out);
    if (!options) {
      options = { ...this.extra, out };
      this.optionObjects.set(out, options);
    }
    return options;
  }
}

function sameTrailing(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameSample(batchShape: readonly number[], sampleShape: Shape): boolean {
  for (let i = 0; i < sampleShape.length; i++) if (batchShape[i + 1] !== sampleShape[i]) return false;
  return true;
}

/**
 * An Int32Array or Uint32Array a layer fills on every call (max pooling's argmax indices, dropout's
 * draws): grown to the largest size seen and kept, with a view per smaller size made once.
 */
export class ReusableIntegers<A extends Int32Array | Uint32Array | Uint8Array> {
  private storage: A;
  private readonly views = new Map<number, A>();

  constructor(private readonly create: (length: number) => A) {
    this.storage = create(0);
  }

  get(length: number): A {
    let view = this.views.get(length);
    if (!view) {
      if (this.storage.length < length) {
        this.storage = this.create(length);
        this.views.clear();
      }
      view = this.storage.subarray(0, length) as A;
      this.views.set(length, view);
    }
    return view;
  }
}
