import type { Tensor } from '@nnts/tensor';
import { NntsError, ShapeError, formatShape } from '@nnts/tensor';

/** Checks a layer's input is a batch [samples, features] with the expected number of features. */
export function assertBatch(layer: string, x: Tensor, features?: number): void {
  if (x.rank !== 2) throw new ShapeError(`${layer}: expected a batch [samples, features], got ${formatShape(x.shape)}`);
  if (features !== undefined && x.shape[1] !== features) {
    throw new ShapeError(`${layer}: expected ${features} input features, got ${formatShape(x.shape)}`);
  }
}

/** backward before forward is a programming error worth a clear message. */
export function assertForwardDone<T>(layer: string, cached: T | null): asserts cached is T {
  if (cached === null) throw new NntsError(`${layer}.backward: call forward first (with training: true when training)`);
}

export function assertGradientShape(layer: string, gradOutput: Tensor, output: Tensor): void {
  const same = gradOutput.rank === output.rank && gradOutput.shape.every((d, i) => d === output.shape[i]);
  if (!same) throw new ShapeError(`${layer}.backward: gradOutput ${formatShape(gradOutput.shape)} does not match the output ${formatShape(output.shape)}`);
}
