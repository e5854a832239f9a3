// pnpm example NAME [--epochs N] [--seed N] [--out DIR] [--quiet] [--db PATH] [--data DIR]; pnpm example --list; pnpm demo
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_STORE_PATH, Store } from '@nnts/store';
import { runExample } from './example';
import { EXAMPLES, findExample } from './registry';
import { runsListCommand } from './runs-list-command';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      epochs: { type: 'string' }, seed: { type: 'string', default: '42' }, out: { type: 'string' }, quiet: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false }, db: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.list || values.help || positionals.length === 0) {
    console.log('examples (pnpm example NAME [--epochs N] [--seed N] [--out DIR] [--quiet] [--db PATH] [--data DIR]):');
    for (const e of EXAMPLES) console.log(`  ${e.name.padEnd(18)} ${e.seedFile ? `[${e.seedFile}] ` : '      '}${e.title}${e.quick ? '' : '  (slow)'}`);
    return values.list || values.help ? 0 : 2;
  }
  const name = positionals[0]!;
  const example = findExample(name);
  if (!example) {
    console.error(`unknown example ${JSON.stringify(name)}; pnpm example --list shows them`);
    return 2;
  }
  const integer = (option: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${option} must be a whole number, got ${JSON.stringify(text)}`);
    return n;
  };
  const store = Store.open(values.db ?? process.env.NNTS_DB ?? DEFAULT_STORE_PATH);
  try {
    const epochs = integer('epochs', values.epochs);
    const { figures, index } = await runExample(example, {
      ...(epochs !== undefined ? { epochs } : {}), seed: integer('seed', values.seed)!, out: values.out ?? join('out', example.name), quiet: values.quiet, store,
      ...(values.data ? { dataDirectory: values.data } : {}),
    });
    if (!values.quiet) console.log(`\nreport: ${index}   runs: ${runsListCommand(store.path)}`);
    console.log(JSON.stringify(figures));
    return 0;
  } finally {
    store.close();
  }
}

main().then((code) => (process.exitCode = code), (error: unknown) => {
  console.error(`example failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
