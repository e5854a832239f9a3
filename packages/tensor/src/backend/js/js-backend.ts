import type { Backend } from '../backend';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './conv';
import { addScaled, binary, unary } from './elementwise';
import { matmulBlocked } from './matmul';
import { avgPool2d, avgPool2dBackprop, maxPool2d, maxPool2dBackprop } from './pool';
import { reduce } from './reduce';

/** The readable reference backend in plain TypeScript: every other backend is tested against it. */
export const jsBackend: Backend = {
  name: 'js',
  matmul: matmulBlocked,
  unary,
  binary,
  reduce,
  addScaled,
  conv2d,
  conv2dBackpropInput,
  conv2dBackpropFilter,
  maxPool2d,
  maxPool2dBackprop,
  avgPool2d,
  avgPool2dBackprop,
};
