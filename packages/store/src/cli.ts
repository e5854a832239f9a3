#!/usr/bin/env node
// nnts: look at the runs and models in a store file.
//   nnts runs list | runs show ID | runs export ID [--format csv|json] | runs delete ID
//   nnts models list | models export NAME BASE_PATH
//   nnts store backup PATH (a consistent single-file copy, safe while runs record)
// --db PATH (or $NNTS_DB) picks the file; runs/nnts.db by default.
import { parseArgs } from 'node:util';
import { exportModel } from './safetensors';
import { DEFAULT_STORE_PATH, Store } from './store';
import { formatRun, formatRunCsv, formatRunList, formatModelList } from './format';

const USAGE = `usage: nnts [--db PATH] runs list | runs show ID | runs export ID [--format csv|json] | runs delete ID
                         models list | models export NAME BASE_PATH
                         store backup PATH`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { db: { type: 'string' }, format: { type: 'string', default: 'csv' }, help: { type: 'boolean', short: 'h' } },
  });
  const [group, command, argument, extra] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const store = Store.open(values.db ?? process.env.NNTS_DB ?? DEFAULT_STORE_PATH);
  try {
    const id = (): number => {
      const n = Number(argument);
      if (!Number.isInteger(n)) throw new Error(`expected a run id, got ${JSON.stringify(argument)}`);
      return n;
    };
    switch (`${group} ${command}`) {
      case 'runs list':
        console.log(formatRunList(store.listRuns()));
        return 0;
      case 'runs show':
        console.log(formatRun(store.getRun(id())));
        return 0;
      case 'runs export':
        if (values.format === 'json') console.log(JSON.stringify(store.getRun(id()), null, 2));
        else if (values.format === 'csv') console.log(formatRunCsv(store.getRun(id())));
        else throw new Error(`--format must be csv or json, got ${values.format}`);
        return 0;
      case 'runs delete':
        store.deleteRun(id());
        console.log(`deleted run ${id()}`);
        return 0;
      case 'models list':
        console.log(formatModelList(store.listModels()));
        return 0;
      case 'store backup':
        if (!argument) throw new Error('store backup needs the path of the copy');
        await store.backup(argument);
        console.log(`backed up ${store.path} to ${argument}`);
        return 0;
      case 'models export': {
        if (!argument || !extra) throw new Error('models export needs a model name and a base path');
        const { weights, architecture } = exportModel(store.loadModel(argument), extra);
        console.log(`wrote ${weights} and ${architecture}`);
        return 0;
      }
      default:
        console.error(`unknown command: ${positionals.join(' ')}\n${USAGE}`);
        return 2;
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
    console.error(`nnts: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
