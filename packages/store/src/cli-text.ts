import { NntsError } from '@nnts/tensor';

// What the `nnts` command line prints about itself, and how it reads and prints values that come from
// the user or from a store file.

export const USAGE = `usage: nnts [--db PATH] COMMAND
  runs list                         every run: id, name, status, epochs, start, model
  runs show ID [--limit N | --all]  one run's metrics per epoch (the last 50 unless told)
  runs export ID [--format csv|json]
  runs delete ID
  models list
  models export NAME BASE_PATH      BASE_PATH.safetensors and BASE_PATH.json
  store backup PATH                 a consistent single-file copy, safe while runs record
  help [COMMAND]   --help   --version
--db PATH (or $NNTS_DB) picks the store; runs/nnts.db by default. Every command needs the file to exist.`;

/** Per-command help, keyed 'group command' (and 'group' for a bare noun). */
export const HELP: Readonly<Record<string, string>> = {
  runs: 'usage: nnts runs list | show ID [--limit N | --all] | export ID [--format csv|json] | delete ID',
  'runs list': 'usage: nnts runs list\nEvery recorded run: id, name, status, epochs recorded, start time and model.',
  'runs show': 'usage: nnts runs show ID [--limit N | --all]\nA run\'s status, seed, hyperparameters and metrics per epoch, counted from 1 as the progress bar does;\nthe last 50 epochs unless --limit N (a positive integer) or --all.',
  'runs export': 'usage: nnts runs export ID [--format csv|json]\nA run\'s metrics: CSV (epochs counted from 1) or JSON (the run, with metric arrays indexed from 0).',
  'runs delete': 'usage: nnts runs delete ID\nDeletes a run with its metrics and checkpoints; its id is never given to another run.',
  models: 'usage: nnts models list | export NAME BASE_PATH',
  'models list': 'usage: nnts models list\nEvery saved model: name, parameters, loss and last update.',
  'models export': 'usage: nnts models export NAME BASE_PATH\nWrites BASE_PATH.safetensors (the weights) and BASE_PATH.json (the architecture).',
  store: 'usage: nnts store backup PATH',
  'store backup': 'usage: nnts store backup PATH\nCopies the store, at one moment, into the new single file PATH (SQLite\'s online backup), safe while runs record.',
};

/** A run id as typed: decimal digits only, no sign, no spaces, no hex or exponent, at least 1. */
export function parseRunId(text: string | undefined): number {
  if (text === undefined) throw new UsageError('expected a run id (see nnts runs list)');
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`a run id is a whole number in decimal digits (like 3), got ${printable(JSON.stringify(text))}`);
  }
  return Number(text);
}

/** --limit's value: a positive integer in decimal digits. */
export function parseLimit(text: string): number {
  if (!/^[1-9][0-9]*$/.test(text)) throw new UsageError(`--limit must be a positive whole number, got ${printable(JSON.stringify(text))}`);
  return Number(text);
}

/** A mistake in the command line: printed with a pointer to the usage, exit status 2. */
export class UsageError extends NntsError {}

/**
 * `text` with every control character (C0, DEL, C1) written as an escape (\x1b, \n): a name or a
 * metric stored in a file is data, and must not move the cursor, recolour or retitle the terminal.
 */
export function printable(text: string, options: { readonly keepNewlines?: boolean } = {}): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 10) return options.keepNewlines ? c : '\\n';
    return code === 9 ? '\\t' : code === 13 ? '\\r' : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
