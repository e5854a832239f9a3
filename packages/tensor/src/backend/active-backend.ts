import { NntsError, ValueError } from '../errors';
import { emitWarning, environmentVariable } from '../runtime';
import type { Backend, BackendName } from './backend';
import { jsBackend } from './js/js-backend';
import { createNativeBackend } from './native/native-backend';
import { loadNativeBinding } from './native/load-native';
import { loadWasmKernels } from './wasm/load-wasm';
import type { WasmKernels } from './wasm/wasm-backend';
import { createWasmBackend } from './wasm/wasm-backend';

// The one piece of mutable module state in the package: which kernels the public ops dispatch to.
// It is chosen on first use (from NNTS_BACKEND, else native when it loads, else WebAssembly, else
// TypeScript), then only by setBackend.
let active: Backend | null = null;
let native: Backend | null = null;
let nativeError: string | null = null;
let nativeTried = false;
let wasm: Backend | null = null;
let wasmError: string | null = null;
let wasmTried = false;
/** Whether the page or program handed the WebAssembly kernels over itself: a choice, not a fallback to warn of. */
let wasmRegistered = false;

/** The backend the public ops run on. */
export function getBackend(): Backend {
  active ??= defaultBackend();
  return active;
}

/**
 * Makes every later op run on `backend`: 'native', 'wasm', 'js', or a Backend object. Returns the one
 * it replaces, so a caller can restore it. Asking for one that does not load here throws, saying why.
 */
export function setBackend(backend: Backend | BackendName): Backend {
  // Before the first op the default is worked out only to be returned: a program that chooses a backend
  // up front is not told that the native one is missing.
  const previous = active ?? defaultBackend({ warn: false });
  active = typeof backend === 'string' ? backendByName(backend, 'setBackend') : backend;
  return previous;
}

/** Whether the native backend loads here, and if not, why. */
export function nativeBackendStatus(): { readonly available: boolean; readonly reason: string | null } {
  return { available: tryNative() !== null, reason: nativeError };
}

function tryNative(): Backend | null {
  if (!nativeTried) {
    nativeTried = true;
    const loaded = loadNativeBinding();
    native = loaded.binding ? createNativeBackend(loaded.binding, loaded.activationCodes) : null;
    nativeError = loaded.error;
  }
  return native;
}

/**
 * Makes `kernels` the WebAssembly backend: where tensor cannot load @nnts/wasm itself (a browser, which
 * compiles WebAssembly asynchronously), load them with loadWasmKernelsAsync() and hand them here; then
 * setBackend('wasm') chooses them. Registered before the first op, they are also the default, chosen without
 * the warning a fallback from native gives.
 *
 * @example
 * registerWasmKernels(await loadWasmKernelsAsync());
 * setBackend('wasm');
 */
export function registerWasmKernels(kernels: WasmKernels): void {
  wasmTried = true;
  wasmRegistered = true;
  wasm = createWasmBackend(kernels);
  wasmError = null;
}

/** Whether the WebAssembly backend loads here, and if not, why. */
export function wasmBackendStatus(): { readonly available: boolean; readonly reason: string | null } {
  return { available: tryWasm() !== null, reason: wasmError };
}

function tryWasm(): Backend | null {
  if (!wasmTried) {
    wasmTried = true;
    const loaded = loadWasmKernels();
    wasm = loaded.kernels ? createWasmBackend(loaded.kernels) : null;
    wasmError = loaded.error;
  }
  return wasm;
}

function backendByName(name: string, who: string): Backend {
  if (name === 'js') return jsBackend;
  if (name === 'native') {
    const backend = tryNative();
    if (!backend) throw new NntsError(`${who}: the native backend is not available: ${nativeError}`);
    return backend;
  }
  if (name === 'wasm') {
    const backend = tryWasm();
    if (!backend) throw new NntsError(`${who}: the WebAssembly backend is not available: ${wasmError}`);
    return backend;
  }
  throw new ValueError(`${who}: unknown backend ${JSON.stringify(name)} (known: native, wasm, js)`);
}

function defaultBackend({ warn } = { warn: true }): Backend {
  const wanted = environmentVariable('NNTS_BACKEND');
  if (wanted) return backendByName(wanted, 'NNTS_BACKEND');
  const backend = tryNative() ?? tryWasm();
  // Said once per process: the first op that needs a backend.
  const using = backend ? 'the WebAssembly backend' : `the TypeScript backend (nor does WebAssembly load: ${wasmError})`;
  if (warn && native === null && !(backend !== null && wasmRegistered)) {
    emitWarning(`nnts: the native backend is not available (${nativeError}); using ${using}. Set NNTS_BACKEND=${backend ? 'wasm' : 'js'} to choose it explicitly.`, 'NNTS_NATIVE_UNAVAILABLE');
  }
  return backend ?? jsBackend;
}
