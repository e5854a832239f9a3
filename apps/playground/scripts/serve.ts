// Serves the built page on this machine only:   pnpm --filter @nnts/playground serve [--port 5173]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_DIRECTORY } from './build';
import { startStaticServer } from './static-server';

const DEFAULT_PORT = 5173;

function port(args: readonly string[]): number {
  const at = args.indexOf('--port');
  if (at < 0) return DEFAULT_PORT;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`serve: --port takes a port number from 0 to 65535, got ${JSON.stringify(args[at + 1] ?? '')}`);
    process.exit(2);
  }
  return value;
}

if (!existsSync(join(DIST_DIRECTORY, 'index.html'))) {
  console.error(`serve: ${DIST_DIRECTORY} has no built page; run pnpm --filter @nnts/playground build first (pnpm playground does both)`);
  process.exit(1);
}
const server = await startStaticServer({ root: DIST_DIRECTORY, port: port(process.argv.slice(2)) });
console.log(`the nnts playground: ${server.url} (cross-origin isolated; Ctrl-C stops it)`);
