import { NntsError, ValueError } from '../errors';
import type { Backend, BackendName } from './backend';
import { jsBackend } from './js/js-backend';
import { createNativeBackend } from './native/native-backend';
import { loadNativeBinding } from './native/load-native';

// The one piece of mutable module state in the package: which kernels the public ops dispatch to.
// It is chosen on first use (from NNTS_BACKEND, else native when it loads), then only by setBackend.
let active: Backend | null = null;
let native: Backend | null = null;
let nativeError: string | null = null;
let nativeTried = false;

/** The backend the public ops run on. */
export function getBackend(): Backend {
  active ??= defaultBackend();
  return active;
}

/**
 * Makes every later op run on `backend`: 'native', 'js', or a Backend object. Returns the one it
 * replaces, so a caller can restore it. Asking for 'native' where it did not build throws, saying why.
 */
export function setBackend(backend: Backend | BackendName): Backend {
  const previous = getBackend();
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

function backendByName(name: string, who: string): Backend {
  if (name === 'js') return jsBackend;
  if (name === 'native') {
    const backend = tryNative();
    if (!backend) throw new NntsError(`${who}: the native backend is not available: ${nativeError}`);
    return backend;
  }
  throw new ValueError(`${who}: unknown backend ${JSON.stringify(name)} (known: native, js)`);
}

function defaultBackend(): Backend {
  const wanted = typeof process === 'undefined' ? undefined : process.env.NNTS_BACKEND;
  if (wanted) return backendByName(wanted, 'NNTS_BACKEND');
  const backend = tryNative();
  if (backend) return backend;
  // Said once per process: the first op that needs a backend.
  process.emitWarning(`nnts: the native backend is not available (${nativeError}); using the TypeScript backend. Set NNTS_BACKEND=js to choose it explicitly.`, {
    code: 'NNTS_NATIVE_UNAVAILABLE',
  });
  return jsBackend;
}
