import type { WasmKernels } from '@nnts/wasm';
import { nodeRequire } from '../../runtime';

type WasmModule = { loadWasmKernels(): WasmKernels };

/**
 * The WebAssembly kernels, or why they are missing. @nnts/wasm is an optional dependency, required
 * lazily like the addon, and compiled synchronously (as Node allows), so the backend can be chosen on
 * the first op.
 */
export function loadWasmKernels(): { kernels: WasmKernels; error: null } | { kernels: null; error: string } {
  const require = nodeRequire(import.meta.url);
  if (!require) return { kernels: null, error: 'this runtime has no Node.js module loader: load the kernels with loadWasmKernelsAsync() from @nnts/wasm and pass them to registerWasmKernels' };
  let wasm: WasmModule;
  try {
    wasm = require('@nnts/wasm') as WasmModule;
  } catch (error) {
    return { kernels: null, error: `@nnts/wasm is not installed (${(error as Error).message.split('\n')[0]})` };
  }
  try {
    return { kernels: wasm.loadWasmKernels(), error: null };
  } catch (error) {
    return { kernels: null, error: `the WebAssembly module does not load here (${(error as Error).message})` };
  }
}
