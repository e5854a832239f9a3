export type { WasmKernels } from './kernels';
export { loadWasmKernels, loadWasmKernelsAsync } from './kernels';
