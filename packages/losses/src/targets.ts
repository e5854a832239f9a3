import type { Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, formatShape } from '@nnts/tensor';

/**
 * Checks that targets and predictions pair up element by element. The shapes must be equal, except
 * that targets of shape [n] pair with predictions [n, 1]. Nothing is broadcast: [n] against [n, 1]
 * silently broadcasting to [n, n] is a classic wrong answer.
 */
export function assertPaired(loss: string, yTrue: Tensor, yPred: Tensor): void {
  const same = yTrue.shape.length === yPred.shape.length && yTrue.shape.every((d, i) => d === yPred.shape[i]);
  const column = yTrue.rank === 1 && yPred.rank === 2 && yPred.shape[1] === 1 && yTrue.shape[0] === yPred.shape[0];
  if (!same && !column) {
    throw new ShapeError(`${loss}: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} must have the same shape`);
  }
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
