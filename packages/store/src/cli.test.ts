// The nnts command line on bad input (issue 13, item 20): a missing store, ids that are not decimal
// integers, names with terminal escapes, help and version, a row limit, epochs counted as the
// progress bar counts them, and run ids that are never given twice.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Store } from './store';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const directory = (): string => mkdtempSync(join(tmpdir(), 'nnts-cli-'));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NNTS_DB: '' } });

/** A store with runs 1 and 2 of `epochs` epochs each; run 2 is named `name`. */
function storeWithRuns(epochs: number, name = 'second'): string {
  const path = join(directory(), 'runs.db');
  const store = Store.open(path);
  for (const runName of ['first', name]) {
    const id = store.createRun({ name: runName });
    for (let epoch = 0; epoch < epochs; epoch++) store.recordEpoch(id, epoch, { loss: 1 / (epoch + 1) });
    store.setRunStatus(id, 'finished');
  }
  store.close();
  return path;
}

describe('the nnts command line on bad input', () => {
  it('read commands refuse a store file that does not exist, creating nothing', () => {
    const path = join(directory(), 'typo', 'nnts.db');
    for (const args of [['runs', 'list'], ['runs', 'show', '1'], ['models', 'list'], ['runs', 'delete', '1'], ['store', 'backup', join(directory(), 'copy.db')]]) {
      const result = run('--db', path, ...args);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(`nnts: no store at ${path}`);
    }
    expect(existsSync(join(path, '..'))).toBe(false);
  });

  it('ids are decimal integers only: 0x2, 1e0, " 2 ", "", -1 and 2.0 are refused before the store is touched', () => {
    const path = storeWithRuns(1);
    for (const id of ['0x2', '1e0', ' 2 ', '', '-1', '2.0', '+2', '0', '99999999999999999999']) {
      const result = run('--db', path, 'runs', 'delete', id);
      expect(result.status, JSON.stringify(id)).toBe(2);
      // '-1' reads as an unknown option, the others as malformed ids: both are usage errors.
      expect(result.stderr).toMatch(id.startsWith('-') ? /Unknown option '-1'/ : /a run id is a whole number in decimal digits/);
    }
    expect(run('--db', path, 'runs', 'list').stdout).toMatch(/\n1\s+first[\s\S]*\n2\s+second/);
  });

  it('prints names holding terminal escape sequences escaped', () => {
    const path = storeWithRuns(1, 'evil\u001b]0;owned\u0007\u001b[2J\nname');
    const listed = run('--db', path, 'runs', 'list').stdout;
    const shown = run('--db', path, 'runs', 'show', '2').stdout;
    for (const output of [listed, shown]) {
      expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(output).toContain('evil\\x1b]0;owned\\x07\\x1b[2J\\nname');
    }
  });

  it('answers --version, help, a bare noun and per-command help', () => {
    const version = (JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string }).version;
    expect(run('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
    expect(run('help')).toMatchObject({ status: 0 });
    expect(run('help').stdout).toContain('usage: nnts [--db PATH] COMMAND');
    expect(run('runs')).toMatchObject({ status: 0 });
    expect(run('runs').stdout).toContain('usage: nnts runs list | show ID');
    expect(run('runs', 'show', '--help').stdout).toContain('usage: nnts runs show ID [--limit N | --all]');
    expect(run('help', 'store', 'backup').stdout).toContain('usage: nnts store backup PATH');
    expect(run('runs', 'frobnicate')).toMatchObject({ status: 2 });
    expect(run('--frobnicate').status).toBe(2);
    expect(run().status).toBe(2);
  });

  it('runs show counts epochs from 1, as the progress bar does, and shows the last 50 unless told', () => {
    const path = storeWithRuns(120);
    const shown = run('--db', path, 'runs', 'show', '1').stdout;
    expect(shown).toContain('(epochs 1 to 70 left out: --all shows every epoch)');
    const rows = shown.split('\n').filter((line) => /^\d+\s+\d/.test(line));
    expect(rows).toHaveLength(50);
    expect(rows[0]).toMatch(/^71\s+0\.0141/); // the loss of epoch index 70 is 1/71
    expect(rows.at(-1)).toMatch(/^120\s+0\.0083/);
    expect(run('--db', path, 'runs', 'show', '1', '--limit', '3').stdout.split('\n').filter((line) => /^\d+\s+\d/.test(line))).toHaveLength(3);
    expect(run('--db', path, 'runs', 'show', '1', '--all').stdout.split('\n').filter((line) => /^\d+\s+\d/.test(line))).toHaveLength(120);
    expect(run('--db', path, 'runs', 'show', '1', '--limit', '0').status).toBe(2);
    const csv = run('--db', path, 'runs', 'export', '1').stdout.split('\n');
    expect(csv.slice(0, 2)).toEqual(['epoch,loss', '1,1']);
  });

  it('never gives the id of a deleted run to another one', () => {
    const path = storeWithRuns(1);
    expect(run('--db', path, 'runs', 'delete', '2').stdout.trim()).toBe('deleted run 2');
    const store = Store.open(path);
    expect(store.createRun({ name: 'third' })).toBe(3);
    // A row inserted with raw SQL moves the counter too.
    store.db.prepare("INSERT INTO runs (id, name, status, hyperparameters, started_at) VALUES (10, 'raw', 'finished', '{}', 'now')").run();
    store.deleteRun(10);
    expect(store.createRun({ name: 'fourth' })).toBe(11);
    store.close();
  });
});
