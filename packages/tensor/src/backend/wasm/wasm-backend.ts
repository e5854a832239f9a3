import type { Backend } from '../backend';

/** What the backend needs of @nnts/wasm's kernels (its WasmKernels), stated here so tensor's types do not depend on that optional package. */
export interface WasmKernels {
  readonly details: string;
  matmulF32(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Float32Array | null): void;
}
import { jsBackend } from '../js/js-backend';

/**
 * The WebAssembly backend: the module's SIMD128 GEMM for float32 products, the TypeScript kernels for
 * everything else (float64 products included), so every model the other backends run runs here.
 */
export function createWasmBackend(kernels: WasmKernels): Backend {
  return {
    ...jsBackend,
    name: 'wasm',
    details: kernels.details,
    matmul: (a, b, out, m, k, n, transposeA, transposeB, bias) => {
      if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && (bias === null || bias instanceof Float32Array)) {
        kernels.matmulF32(a, b, out, m, k, n, transposeA, transposeB, bias);
      } else {
        jsBackend.matmul(a, b, out, m, k, n, transposeA, transposeB, bias);
      }
    },
  };
}
