import { getBackend } from './backend/active-backend';
import { ValueError } from './errors';
import { formatShape, stridesOf } from './shape';
import type { Tensor } from './tensor';

export interface NonFinite {
  /** Position in the flat storage. */
  readonly offset: number;
  /** The same position as one index per axis. */
  readonly index: readonly number[];
  readonly value: number;
}

/** The first NaN or ±infinity in `x`, or null when every element is finite. */
export function findNonFinite(x: Tensor): NonFinite | null {
  const data = x.data;
  // The training loop asks this of every gradient after every step: let a backend answer the common case.
  if (getBackend().allFinite?.(data)) return null;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      const strides = stridesOf(x.shape);
      const index = strides.map((s, axis) => Math.floor(i / s) % x.shape[axis]!);
      return { offset: i, index, value: v };
    }
  }
  return null;
}

/** Throws a ValueError naming `what` and the first non-finite element, if there is one. */
export function assertFinite(x: Tensor, what: string): void {
  const found = findNonFinite(x);
  if (found) {
    throw new ValueError(
      `${what} contains ${found.value} at index [${found.index.join(', ')}] (shape ${formatShape(x.shape)}); every element must be finite`,
    );
  }
}
