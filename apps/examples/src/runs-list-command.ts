import { DEFAULT_STORE_PATH } from '@nnts/store';

/**
 * The command that lists the runs kept in `storePath`, as typed in this repository: `nnts` is the root
 * package's script there (`pnpm nnts`), not a command on PATH. The default store needs no `--db`.
 */
export function runsListCommand(storePath: string): string {
  if (storePath === DEFAULT_STORE_PATH) return 'pnpm nnts runs list';
  const quoted = /^[\w./:-]+$/.test(storePath) ? storePath : `'${storePath.replaceAll("'", "'\\''")}'`;
  return `pnpm nnts --db ${quoted} runs list`;
}
