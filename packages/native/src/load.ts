import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NativeBinding } from './binding';
import { platformTag } from './platform-tag';

/** The addon, or why there is none. */
export type NativeLoadResult = { readonly binding: NativeBinding; readonly error: null } | { readonly binding: null; readonly error: string };

let cached: NativeLoadResult | null = null;

/**
 * Loads the addon: the one compiled at install (build/Release/nnts_native.node) when there is one,
 * else the prebuilt binary shipped for this platform (prebuilds/<tag>/nnts_native.node), which also
 * serves a package manager that ran no install script. Never throws: when neither loads, `error`
 * says why and what to do.
 */
export function loadNative(): NativeLoadResult {
  cached ??= tryLoad();
  return cached;
}

function tryLoad(): NativeLoadResult {
  // dist/index.js (or src/load.ts under a test runner) sits one folder below the package root.
  const root = fileURLToPath(new URL('..', import.meta.url));
  const candidates = [`${root}build/Release/nnts_native.node`, `${root}prebuilds/${platformTag()}/nnts_native.node`].filter((file) => existsSync(file));
  const failures: string[] = [];
  for (const file of candidates) {
    try {
      return { binding: createRequire(import.meta.url)(file) as NativeBinding, error: null };
    } catch (error) {
      failures.push(`${file} did not load: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) return { binding: null, error: failures.join('; ') };
  const note = `${root}build/unavailable.txt`;
  if (existsSync(note)) return { binding: null, error: readFileSync(note, 'utf8').trim() };
  return {
    binding: null,
    error: `no prebuilt binary fits ${platformTag()} and its install script did not run (a package manager that runs no install scripts): ` +
      'run `npm rebuild @nnts/native` (npm), or `pnpm approve-builds` and `pnpm rebuild @nnts/native` (pnpm)',
  };
}
