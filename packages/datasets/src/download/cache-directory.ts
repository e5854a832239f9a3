import { requireNode } from '../node-runtime';

/**
 * Where downloaded data sets are kept: $NNTS_CACHE_DIR when set, else the platform's cache folder
 * ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows) + /nnts.
 * The environment is a plain record rather than NodeJS.ProcessEnv, so the published types need no @types/node.
 */
export function defaultCacheDirectory(environment?: Readonly<Record<string, string | undefined>>): string {
  const { process, os, path } = requireNode({
    caller: 'defaultCacheDirectory',
    needs: 'names a folder on disk, from the environment and the home directory',
    instead: "A browser has no such folder: keep fetched files in memory, or in the Cache API or IndexedDB.",
  });
  const variables = environment ?? process.env;
  if (variables.NNTS_CACHE_DIR) return variables.NNTS_CACHE_DIR;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'nnts');
  if (process.platform === 'win32') return path.join(variables.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'nnts');
  return path.join(variables.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'nnts');
}
