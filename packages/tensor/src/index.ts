export type { Backend, BinaryOp, BroadcastPlan, ReduceOp, UnaryOp } from './backend/backend';
export { getBackend, setBackend } from './backend/active-backend';
export { jsBackend } from './backend/js/js-backend';
export { matmulNaive } from './backend/js/matmul';
export { abs, clip, exp, log, neg, sign, sqrt, square, tanh } from './ops/unary';
export type { Operand } from './ops/binary';
export {
  add, div, equal, greater, greaterEqual, less, lessEqual, maximum, minimum, mul, notEqual, pow, sub,
} from './ops/binary';
export type { ReduceOptions, VarianceOptions } from './ops/reduce';
export { argmax, argmin, max, mean, min, std, sum, variance } from './ops/reduce';
export { addOnesColumn, astype, concat, gatherRows, reshape, sliceRows, stack, transpose } from './ops/movement';
export type { MatmulOptions } from './ops/matmul';
export { matmul } from './ops/matmul';
export { inv, lstsq, solve } from './ops/linalg';
export type { OutOption } from './ops/out';
export type { DTypeOption } from './creation';
export { arange, eye, full, linspace, ones, tensor, zeros, zerosLike } from './creation';
export type { DType, FloatArray } from './dtype';
export type { NonFinite } from './finite';
export { assertFinite, findNonFinite } from './finite';
export { DtypeError, NntsError, ShapeError, ValueError } from './errors';
export type { DrawOptions, RandomState } from './random';
export { RandomGenerator } from './random';
export type { Shape } from './shape';
export { broadcastShapes, formatShape } from './shape';
export type { NestedArray } from './tensor';
export { Tensor } from './tensor';
