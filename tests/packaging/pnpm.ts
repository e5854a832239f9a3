import { execFileSync } from 'node:child_process';
import { ROOT } from './workspace';

/** The pnpm running this test (`pnpm test` sets npm_execpath), else pnpm 10 through npx. */
export function pnpmCommand(): string[] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, execPath];
  return ['npx', '-y', 'pnpm@10'];
}

/** Runs pnpm with `args` at the repository root and returns its stdout and stderr together. */
export function runPnpm(args: readonly string[], environment: NodeJS.ProcessEnv = process.env): string {
  const [file, ...prefix] = pnpmCommand();
  return execFileSync(file!, [...prefix, ...args], { cwd: ROOT, env: environment, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}
