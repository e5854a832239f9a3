import type { Backend } from './backend';
import { jsBackend } from './js/js-backend';

// The one piece of mutable module state in the package: which kernels the public ops dispatch to.
// It changes only through setBackend, never as a side effect of importing something.
let active: Backend = jsBackend;

/** The backend the public ops run on (the TypeScript reference unless `setBackend` chose another). */
export function getBackend(): Backend {
  return active;
}

/** Makes every later op run on `backend`; returns the one it replaces, so a caller can restore it. */
export function setBackend(backend: Backend): Backend {
  const previous = active;
  active = backend;
  return previous;
}
