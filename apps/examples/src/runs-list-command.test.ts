import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runsListCommand } from './runs-list-command';

describe('runsListCommand', () => {
  it('names the command that exists in a clone (the root script), with --db only for another store', () => {
    expect(runsListCommand('runs/nnts.db')).toBe('pnpm nnts runs list');
    expect(runsListCommand('/tmp/my runs/x.db')).toBe("pnpm nnts --db '/tmp/my runs/x.db' runs list");
    expect(runsListCommand('out/a.db')).toBe('pnpm nnts --db out/a.db runs list');
  });

  it('is what an example prints at its end, and the root package.json has that `nnts` script', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.nnts).toBeDefined();
    const scratch = mkdtempSync(join(tmpdir(), 'nnts-hint-'));
    const db = join(scratch, 'runs.db');
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, 'xor', '--epochs', '5', '--db', db, '--out', join(scratch, 'out')], { encoding: 'utf8', cwd: root });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`runs: pnpm nnts --db ${db} runs list`);
  }, 60_000);
});
