export type { ElementwiseKernels } from './elementwise-kernels';
export type { WasmKernels } from './kernels';
export { loadWasmKernels, loadWasmKernelsAsync } from './kernels';
