import type { Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertPairedShapes, formatShape } from '@nnts/tensor';

/** Targets pair with predictions element by element (see assertPairedShapes), and there is something to average. */
export function assertPaired(loss: string, yTrue: Tensor, yPred: Tensor): void {
  assertPairedShapes(loss, yTrue.shape, yPred.shape);
  if (yPred.size === 0) throw new ShapeError(`${loss}: yPred ${formatShape(yPred.shape)} is empty`);
}

/** Throws naming the first target outside [low, high] (NaN included). */
export function assertTargetsWithin(loss: string, yTrue: Tensor, low: number, high: number): void {
  for (let i = 0; i < yTrue.size; i++) {
    const v = yTrue.data[i]!;
    if (!(v >= low && v <= high)) {
      throw new ValueError(`${loss}: yTrue[${i}] is ${v}; targets must lie in [${low}, ${high}]`);
    }
  }
}

export function assertFiniteTargets(loss: string, yTrue: Tensor): void {
  for (let i = 0; i < yTrue.size; i++) {
    if (!Number.isFinite(yTrue.data[i]!)) throw new ValueError(`${loss}: yTrue[${i}] is ${yTrue.data[i]}; targets must be finite`);
  }
}
