import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The environment of a user at a shell: without the npm_* and pnpm variables that `pnpm test` sets
 * (they would point npm at pnpm's node-gyp and configuration) and without NNTS_BACKEND (the root test
 * script runs with NNTS_BACKEND=js once), so the consumer sees what an ordinary install gives.
 */
export function userEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_)/i.test(name) || name === 'NNTS_BACKEND' || name === 'INIT_CWD') continue;
    environment[name] = value;
  }
  return environment;
}

/**
 * A fresh project in the system's temporary folder (outside the repository, so nothing resolves to the
 * workspace's node_modules) with the tarballs installed by plain npm, as `npm install ./x.tgz` would.
 * npm satisfies the packages' dependencies on each other from the tarballs given together, and fetches
 * their third-party dependencies from the registry (or npm's cache).
 */
export async function installIntoFreshProject(tarballs: readonly string[]): Promise<{ directory: string; log: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'nnts-consumer-'));
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: 'nnts-consumer', version: '1.0.0', private: true }, null, 2)}\n`);
  const { stdout, stderr } = await execFileAsync('npm', ['install', '--no-audit', '--no-fund', ...tarballs], {
    cwd: directory, env: userEnvironment(), maxBuffer: 64 * 1024 * 1024,
  });
  return { directory, log: `${stdout}${stderr}` };
}
