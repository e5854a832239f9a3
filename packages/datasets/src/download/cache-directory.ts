import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where downloaded data sets are kept: $NNTS_CACHE_DIR when set, else the platform's cache folder
 * ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows) + /nnts.
 * The environment is a plain record rather than NodeJS.ProcessEnv, so the published types need no @types/node.
 */
export function defaultCacheDirectory(environment: Readonly<Record<string, string | undefined>> = process.env): string {
  if (environment.NNTS_CACHE_DIR) return environment.NNTS_CACHE_DIR;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'nnts');
  if (process.platform === 'win32') return join(environment.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'nnts');
  return join(environment.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nnts');
}
