#!/usr/bin/env node
// nnts: look at the runs and models in a store file. See USAGE in cli-text.ts, or `nnts help`.
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HELP, USAGE, UsageError, parseLimit, parseRunId, printable } from './cli-text';
import { formatModelList, formatRun, formatRunCsv, formatRunList } from './format';
import { StoreError } from './errors';
import { exportModel } from './safetensors';
import { DEFAULT_STORE_PATH, Store } from './store';

function version(): string {
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Reading or deleting needs a store that exists: a mistyped --db must not create folders and an empty store. */
function openExisting(path: string): Store {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new StoreError(`no store at ${printable(path)} (give the right file with --db PATH or $NNTS_DB)`);
  }
  if (!isFile) throw new StoreError(`${printable(path)} is not a file (give a store file with --db PATH or $NNTS_DB)`);
  return Store.open(path);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      db: { type: 'string' }, format: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    console.log(version());
    return 0;
  }
  const words = positionals[0] === 'help' ? positionals.slice(1) : positionals;
  const [group, command, argument, extra] = words;
  if (values.help || positionals[0] === 'help' || group === undefined || command === undefined) {
    const topic = HELP[[group, command].filter((w) => w !== undefined).join(' ')];
    if (group !== undefined && topic === undefined) throw new UsageError(`unknown command: ${printable(words.join(' '))}`);
    console.log(topic ?? USAGE);
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  const key = `${group} ${command}`;
  if (HELP[key] === undefined) throw new UsageError(`unknown command: ${printable(positionals.join(' '))}`);
  const expected = key === 'models export' ? 2 : key === 'runs list' || key === 'models list' ? 0 : 1;
  if (words.length - 2 > expected) throw new UsageError(`too many arguments for ${key}: ${printable(words.slice(2 + expected).join(' '))}\n${HELP[key]}`);
  if (values.format !== undefined && key !== 'runs export') throw new UsageError(`--format applies to runs export only`);
  if ((values.limit !== undefined || values.all) && key !== 'runs show') throw new UsageError(`--limit and --all apply to runs show only`);
  if (values.limit !== undefined && values.all) throw new UsageError('pass --limit N or --all, not both');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, got ${printable(JSON.stringify(format))}`);
  const limit = values.all ? Infinity : values.limit === undefined ? 50 : parseLimit(values.limit);
  // Arguments are checked before the file is opened: a wrong id never touches the store.
  const runId = key.startsWith('runs ') && key !== 'runs list' ? parseRunId(argument) : 0;
  if (key === 'models export' && (argument === undefined || extra === undefined)) throw new UsageError('models export needs a model name and a base path');
  if (key === 'store backup' && argument === undefined) throw new UsageError('store backup needs the path of the copy');

  const store = openExisting(values.db ?? process.env.NNTS_DB ?? DEFAULT_STORE_PATH);
  try {
    switch (key) {
      case 'runs list':
        console.log(formatRunList(store.listRuns()));
        return 0;
      case 'runs show':
        console.log(formatRun(store.getRun(runId), limit));
        return 0;
      case 'runs export':
        console.log(format === 'json' ? JSON.stringify(store.getRun(runId), null, 2) : formatRunCsv(store.getRun(runId)));
        return 0;
      case 'runs delete':
        store.deleteRun(runId);
        console.log(`deleted run ${runId}`);
        return 0;
      case 'models list':
        console.log(formatModelList(store.listModels()));
        return 0;
      case 'models export': {
        const { weights, architecture } = exportModel(store.loadModel(argument!), extra!);
        console.log(`wrote ${printable(weights)} and ${printable(architecture)}`);
        return 0;
      }
      default: // 'store backup'
        await store.backup(argument!);
        console.log(`backed up ${printable(store.path)} to ${printable(argument!)}`);
        return 0;
    }
  } finally {
    store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`nnts: ${printable((error as Error).message, { keepNewlines: true })}${usage && !(error as Error).message.includes('usage:') ? '\n(nnts --help for usage)' : ''}`);
    process.exitCode = usage ? 2 : 1;
  },
);
