import { createRequire } from 'node:module';
import type { NativeBinding, NativeLoadResult } from '@nnts/native';

/**
 * The addon, or why it is missing. @nnts/native is an optional dependency, so it is required lazily
 * and its absence is an answer, not a crash.
 */
export function loadNativeBinding(): { binding: NativeBinding | null; error: string | null } {
  let native: { loadNative(): NativeLoadResult };
  try {
    native = createRequire(import.meta.url)('@nnts/native') as typeof native;
  } catch (error) {
    return { binding: null, error: `@nnts/native is not installed (${(error as Error).message.split('\n')[0]})` };
  }
  return native.loadNative();
}
