import { ShapeError, ValueError } from './errors';

export type Shape = readonly number[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides: the last axis is contiguous. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}

export function assertValidShape(shape: Shape, operation: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${operation}: invalid shape ${formatShape(shape)}: every dimension must be an integer >= 0`);
    }
  }
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** numpy's rule: align shapes on the right; each pair of dimensions must be equal or contain a 1. */
export function broadcastShapes(a: Shape, b: Shape, operation: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${operation}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together (axis ${i - rank}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read `shape` as if it had been broadcast to `target`: 0 along repeated axes. */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const offset = target.length - shape.length;
  const out = new Array<number>(target.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[i + offset] = shape[i] === 1 ? 0 : own[i]!;
  return out;
}

/** Accepts negative axes as numpy does (-1 is the last). */
export function normalizeAxis(axis: number, rank: number, operation: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`${operation}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Checks that targets and predictions pair up element by element, for losses and metrics: equal
 * shapes, or targets [n] with predictions [n, 1]. Nothing is broadcast, because [n] against [n, 1]
 * silently broadcasting to [n, n] is a classic wrong answer.
 */
export function assertPairedShapes(operation: string, yTrue: Shape, yPred: Shape): void {
  const same = sameShape(yTrue, yPred);
  const column = yTrue.length === 1 && yPred.length === 2 && yPred[1] === 1 && yTrue[0] === yPred[0];
  if (!same && !column) {
    throw new ShapeError(`${operation}: yTrue ${formatShape(yTrue)} and yPred ${formatShape(yPred)} must have the same shape`);
  }
}
