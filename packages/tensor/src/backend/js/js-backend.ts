import type { Backend } from '../backend';
import { addScaled, binary, unary } from './elementwise';
import { matmulBlocked } from './matmul';
import { reduce } from './reduce';

/** The readable reference backend in plain TypeScript: every other backend is tested against it. */
export const jsBackend: Backend = {
  name: 'js',
  matmul: matmulBlocked,
  unary,
  binary,
  reduce,
  addScaled,
};
