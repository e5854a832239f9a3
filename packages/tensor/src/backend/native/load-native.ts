import { createRequire } from 'node:module';
import type { NativeBinding, NativeLoadResult } from '@nnts/native';

type NativeModule = { loadNative(): NativeLoadResult; ACTIVATION_CODES: Readonly<Record<string, number>> };

/**
 * The addon with its activation codes, or why it is missing. @nnts/native is an optional dependency,
 * so it is required lazily and its absence is an answer, not a crash.
 */
export function loadNativeBinding():
  | { binding: NativeBinding; activationCodes: Readonly<Record<string, number>>; error: null }
  | { binding: null; error: string } {
  let native: NativeModule;
  try {
    native = createRequire(import.meta.url)('@nnts/native') as NativeModule;
  } catch (error) {
    return { binding: null, error: `@nnts/native is not installed (${(error as Error).message.split('\n')[0]})` };
  }
  const { binding, error } = native.loadNative();
  return binding ? { binding, activationCodes: native.ACTIVATION_CODES, error: null } : { binding: null, error };
}
