// Install script. The native backend is optional, so nothing here fails the install: it uses the
// prebuilt binary shipped for this platform when one loads, else compiles with node-gyp, and when
// neither works writes the reason and the fix to build/unavailable.txt, where the loader reads it and
// the tensor package reports it (once) before falling back to the TypeScript backend.
//   node scripts/build.mjs                 the install script
//   node scripts/build.mjs --from-source   always compile (the monorepo's build:addon)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformTag } from './platform.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const note = join(root, 'build', 'unavailable.txt');
const fromSource = process.argv.includes('--from-source');

// What a user of each package manager runs once the cause is fixed.
const FIX = 'then rebuild it: `npm rebuild @nnts/native` (npm), or `pnpm approve-builds` and `pnpm rebuild @nnts/native` (pnpm)';

function unavailable(reason) {
  mkdirSync(dirname(note), { recursive: true });
  writeFileSync(note, `${reason}\n`);
  console.warn(`@nnts/native: not built (${reason}); nnts will use its TypeScript backend.`);
  process.exit(0);
}

/** Whether the binary at `file` loads in this Node (in a child, so a crash cannot take the install down). */
function loads(file) {
  const check = `require(${JSON.stringify(file)}).info()`;
  return spawnSync(process.execPath, ['-e', check], { stdio: 'ignore' }).status === 0;
}

if (process.env.NNTS_SKIP_NATIVE === '1') unavailable('NNTS_SKIP_NATIVE=1 was set at install');
rmSync(note, { force: true });

const prebuilt = join(root, 'prebuilds', platformTag(), 'nnts_native.node');
if (!fromSource && existsSync(prebuilt)) {
  if (loads(prebuilt)) {
    console.log(`@nnts/native: using the prebuilt binary for ${platformTag()}`);
    process.exit(0);
  }
  console.warn(`@nnts/native: the prebuilt binary for ${platformTag()} does not load here; compiling from source`);
}

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
if (!nodeGyp) unavailable(`no prebuilt binary fits ${platformTag()} and node-gyp was not found; install npm's node-gyp, ${FIX}`);

// Build against the headers of the running Node when they are installed beside it, so no download is needed.
const args = [nodeGyp, 'rebuild', '--release'];
const nodeDir = join(dirname(process.execPath), '..');
if (existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodeDir}`);

// The output is kept so that a failure can say why: node-gyp's last lines name the missing tool
// ("make: not found", "g++: No such file or directory"), not just an exit code.
const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
if (result.status !== 0 || !existsSync(join(root, 'build', 'Release', 'nnts_native.node'))) {
  const cause = lastErrorLines(output);
  unavailable(`no prebuilt binary fits ${platformTag()} and compiling it failed (node-gyp exited with ${result.status ?? result.signal}):\n${cause}\nInstall a C++ compiler, make and python3, ${FIX}`);
}
console.log('@nnts/native: compiled from source');

/** The lines of node-gyp's output that say what went wrong: errors first, else its last lines. */
function lastErrorLines(text) {
  const lines = text.split('\n').map((line) => line.trimEnd()).filter(Boolean);
  // Stack frames ("gyp ERR! stack     at ...") say nothing a user can act on.
  const errors = lines.filter((line) => /error|not found|No such file|command not found/i.test(line) && !/^gyp info/.test(line) && !/ERR! stack\s+at /.test(line));
  return (errors.length > 0 ? errors : lines).slice(-8).map((line) => `  ${line}`).join('\n');
}
