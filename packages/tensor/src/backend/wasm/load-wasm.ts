import { createRequire } from 'node:module';
import type { WasmKernels } from '@nnts/wasm';

type WasmModule = { loadWasmKernels(): WasmKernels };

/**
 * The WebAssembly kernels, or why they are missing. @nnts/wasm is an optional dependency, required
 * lazily like the addon, and compiled synchronously (as Node allows), so the backend can be chosen on
 * the first op.
 */
export function loadWasmKernels(): { kernels: WasmKernels; error: null } | { kernels: null; error: string } {
  let wasm: WasmModule;
  try {
    wasm = createRequire(import.meta.url)('@nnts/wasm') as WasmModule;
  } catch (error) {
    return { kernels: null, error: `@nnts/wasm is not installed (${(error as Error).message.split('\n')[0]})` };
  }
  try {
    return { kernels: wasm.loadWasmKernels(), error: null };
  } catch (error) {
    return { kernels: null, error: `the WebAssembly module does not load here (${(error as Error).message})` };
  }
}
