import type { NativeBinding, NativeLoadResult } from '@nnts/native';
import { nodeRequire } from '../../runtime';

type NativeModule = { loadNative(): NativeLoadResult; ACTIVATION_CODES: Readonly<Record<string, number>> };

/**
 * The addon with its activation codes, or why it is missing. @nnts/native is an optional dependency,
 * so it is required lazily and its absence is an answer, not a crash.
 */
export function loadNativeBinding():
  | { binding: NativeBinding; activationCodes: Readonly<Record<string, number>>; error: null }
  | { binding: null; error: string } {
  const require = nodeRequire(import.meta.url);
  if (!require) return { binding: null, error: 'this runtime has no Node.js module loader (a browser?): the addon loads in Node only' };
  let native: NativeModule;
  try {
    native = require('@nnts/native') as NativeModule;
  } catch (error) {
    return { binding: null, error: `@nnts/native is not installed (${(error as Error).message.split('\n')[0]})` };
  }
  const { binding, error } = native.loadNative();
  return binding ? { binding, activationCodes: native.ACTIVATION_CODES, error: null } : { binding: null, error };
}
