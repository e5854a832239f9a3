import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NativeBinding } from './binding';

/** The addon, or why there is none. */
export type NativeLoadResult = { readonly binding: NativeBinding; readonly error: null } | { readonly binding: null; readonly error: string };

let cached: NativeLoadResult | null = null;

/**
 * Loads the addon built at install (build/Release/nnts_native.node). Never throws: when the build
 * was skipped or failed, or the file does not load on this Node, `error` says why.
 */
export function loadNative(): NativeLoadResult {
  cached ??= tryLoad();
  return cached;
}

function tryLoad(): NativeLoadResult {
  // dist/index.js (or src/load.ts under a test runner) sits one folder below the package root.
  const root = fileURLToPath(new URL('..', import.meta.url));
  const file = `${root}build/Release/nnts_native.node`;
  const note = `${root}build/unavailable.txt`;
  if (!existsSync(file)) {
    const reason = existsSync(note) ? readFileSync(note, 'utf8').trim() : 'the addon was never built (run `pnpm --filter @nnts/native build:addon`)';
    return { binding: null, error: reason };
  }
  try {
    return { binding: createRequire(import.meta.url)(file) as NativeBinding, error: null };
  } catch (error) {
    return { binding: null, error: `${file} did not load: ${(error as Error).message}` };
  }
}
