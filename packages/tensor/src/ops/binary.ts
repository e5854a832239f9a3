import type { BinaryOp } from '../backend/backend';
import { getBackend } from '../backend/active-backend';
import { allocate } from '../dtype';
import { ValueError } from '../errors';
import { broadcastShapes, broadcastStrides } from '../shape';
import { Tensor } from '../tensor';
import type { OutOption } from './out';
import { assertSameDType, resolveOut } from './out';

/** An operand of a binary op: a tensor, or a number taken in the other operand's dtype. */
export type Operand = Tensor | number;

function toTensor(value: Operand, like: Tensor): Tensor {
  if (value instanceof Tensor) return value;
  const data = allocate(like.dtype, 1);
  data[0] = value;
  return new Tensor(data, []);
}

function binary(op: BinaryOp, left: Operand, right: Operand, options: OutOption): Tensor {
  if (!(left instanceof Tensor) && !(right instanceof Tensor)) {
    throw new ValueError(`${op}: at least one operand must be a Tensor, got ${left} and ${right}`);
  }
  const like = left instanceof Tensor ? left : (right as Tensor);
  const a = toTensor(left, like);
  const b = toTensor(right, like);
  assertSameDType(a, b, op);
  const shape = broadcastShapes(a.shape, b.shape, op);
  const out = resolveOut(options.out, shape, a.dtype, op);
  const plan = { shape, aStrides: broadcastStrides(a.shape, shape), bStrides: broadcastStrides(b.shape, shape) };
  getBackend().binary(op, a.data, b.data, out.data, plan);
  return out;
}

/** a + b with numpy broadcasting. */
export const add = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('add', a, b, options);
/** a - b with numpy broadcasting. */
export const sub = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('sub', a, b, options);
/** a * b elementwise with numpy broadcasting. */
export const mul = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('mul', a, b, options);
/** a / b elementwise with numpy broadcasting (x / 0 is ±inf or NaN, as in IEEE 754). */
export const div = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('div', a, b, options);
/** a ^ b elementwise with numpy broadcasting. */
export const pow = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('pow', a, b, options);
/** The larger of a and b elementwise (NaN if either is NaN). */
export const maximum = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('maximum', a, b, options);
/** The smaller of a and b elementwise (NaN if either is NaN). */
export const minimum = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('minimum', a, b, options);
/** 1 where a == b, else 0. */
export const equal = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('equal', a, b, options);
/** 1 where a != b, else 0. */
export const notEqual = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('notEqual', a, b, options);
/** 1 where a < b, else 0. */
export const less = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('less', a, b, options);
/** 1 where a <= b, else 0. */
export const lessEqual = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('lessEqual', a, b, options);
/** 1 where a > b, else 0. */
export const greater = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('greater', a, b, options);
/** 1 where a >= b, else 0. */
export const greaterEqual = (a: Operand, b: Operand, options: OutOption = {}): Tensor => binary('greaterEqual', a, b, options);
