import { getBackend, registerWasmKernels, setBackend } from '@nnts/tensor';
import { loadWasmKernelsAsync } from '@nnts/wasm';

/** The backend the page trains on, and why it is not WebAssembly when it is not. */
export interface BackendInUse {
  readonly name: string;
  readonly details: string;
  /** Why the WebAssembly kernels did not load (the page then runs on TypeScript); null when they did. */
  readonly fallbackReason: string | null;
}

/**
 * Makes tensor's ops run on the WebAssembly kernels. A page's main thread may compile only small
 * modules synchronously, so tensor cannot load them on its own there: they are compiled
 * asynchronously and handed to it. Where that fails (no WebAssembly SIMD), the TypeScript backend
 * runs, and the page says why.
 */
export async function useWasmBackend(): Promise<BackendInUse> {
  let fallbackReason: string | null = null;
  try {
    registerWasmKernels(await loadWasmKernelsAsync());
    setBackend('wasm');
  } catch (error) {
    fallbackReason = error instanceof Error ? error.message : String(error);
    setBackend('js');
  }
  const backend = getBackend();
  return { name: backend.name, details: backend.details ?? '', fallbackReason };
}
