export type { ConvGeometry } from './conv-geometry';
export type { ElementwiseKernels } from './elementwise-kernels';
export type { RecurrentKernels } from './recurrent-kernels';
export type { WasmKernels, WasmKernelsOptions } from './kernels';
export { loadWasmKernels, loadWasmKernelsAsync } from './kernels';
