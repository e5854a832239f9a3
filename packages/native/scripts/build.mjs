// Builds the addon with node-gyp at install time. The backend is optional, so a failed build must not
// fail the install: the reason is written to build/unavailable.txt, where the loader reads it and the
// tensor package reports it (once) before falling back to the TypeScript backend.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const note = join(root, 'build', 'unavailable.txt');

function unavailable(reason) {
  mkdirSync(dirname(note), { recursive: true });
  writeFileSync(note, `${reason}\n`);
  console.warn(`@nnts/native: not built (${reason}); nnts will use its TypeScript backend.`);
  process.exit(0);
}

if (process.env.NNTS_SKIP_NATIVE === '1') unavailable('NNTS_SKIP_NATIVE=1 was set at install');

// npm and pnpm tell install scripts where their bundled node-gyp is; otherwise look for one.
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {}
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((path) => path && existsSync(path));
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) unavailable('node-gyp was not found');

// Build against the headers of the running Node when they are installed beside it, so no download is needed.
const args = [nodeGyp, 'rebuild', '--release'];
const nodeDir = join(dirname(process.execPath), '..');
if (existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodeDir}`);

rmSync(note, { force: true });
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (result.status !== 0) unavailable(`node-gyp exited with ${result.status ?? result.signal}`);
if (!existsSync(join(root, 'build', 'Release', 'nnts_native.node'))) unavailable('node-gyp produced no build/Release/nnts_native.node');
