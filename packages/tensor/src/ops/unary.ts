import type { UnaryOp } from '../backend/backend';
import { getBackend } from '../backend/active-backend';
import { ValueError } from '../errors';
import type { Tensor } from '../tensor';
import type { OutOption } from './out';
import { resolveOut } from './out';

function unary(op: UnaryOp, x: Tensor, options: OutOption, p0 = 0, p1 = 0): Tensor {
  const out = resolveOut(options.out, x.shape, x.dtype, op);
  getBackend().unary(op, x.data, out.data, p0, p1);
  return out;
}

/** -x elementwise. */
export const neg = (x: Tensor, options: OutOption = {}): Tensor => unary('neg', x, options);
/** |x| elementwise. */
export const abs = (x: Tensor, options: OutOption = {}): Tensor => unary('abs', x, options);
/** e^x elementwise. */
export const exp = (x: Tensor, options: OutOption = {}): Tensor => unary('exp', x, options);
/** Natural logarithm elementwise (log 0 = -inf, log of a negative = NaN, as in numpy). */
export const log = (x: Tensor, options: OutOption = {}): Tensor => unary('log', x, options);
/** Square root elementwise. */
export const sqrt = (x: Tensor, options: OutOption = {}): Tensor => unary('sqrt', x, options);
/** x^2 elementwise. */
export const square = (x: Tensor, options: OutOption = {}): Tensor => unary('square', x, options);
/** Hyperbolic tangent elementwise, in [-1, 1]. */
export const tanh = (x: Tensor, options: OutOption = {}): Tensor => unary('tanh', x, options);
/** -1, 0 or 1 by the sign of x (NaN stays NaN). */
export const sign = (x: Tensor, options: OutOption = {}): Tensor => unary('sign', x, options);

/** Limits every element to [min, max]. */
export function clip(x: Tensor, min: number, max: number, options: OutOption = {}): Tensor {
  if (Number.isNaN(min) || Number.isNaN(max) || min > max) {
    throw new ValueError(`clip: expected min <= max, got min ${min} and max ${max}`);
  }
  return unary('clip', x, options, min, max);
}
