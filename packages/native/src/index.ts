export type { NativeBinding, NativeIsa } from './binding';
export { ACTIVATION_CODES } from './binding';
export type { NativeLoadResult } from './load';
export { loadNative } from './load';
