import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from './errors';
import { migrate } from './schema';
import { Store } from './store';

const fixture = fileURLToPath(new URL('../test-fixtures/record-run.mjs', import.meta.url));
const directory = (): string => mkdtempSync(join(tmpdir(), 'nnts-open-'));
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

interface Exit { readonly code: number | null; readonly stderr: string }

function record(path: string, name: string, epochs: number, startAt: number): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fixture, path, name, String(epochs), '0', String(startAt)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('opening a store', () => {
  it('8 processes that open one fresh path at the same moment all record, and nothing is lost', async () => {
    const path = join(directory(), 'fresh.db');
    // Far enough ahead for every child to have loaded its modules and be waiting on the same instant.
    const startAt = Date.now() + 1500;
    const names = Array.from({ length: 8 }, (_, i) => `p${i}`);
    const exits = await Promise.all(names.map((name) => record(path, name, 3, startAt)));
    expect(exits.filter((e) => e.code !== 0).map((e) => e.stderr.split('\n').find((l) => /^\w*Error\b/.test(l)) ?? e.stderr)).toEqual([]);
    const store = Store.open(path);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.listRuns().map((r) => [r.name, r.status, r.epochs]).sort()).toEqual(names.map((n) => [n, 'finished', 3]));
    } finally {
      store.close();
    }
  }, 60_000);

  for (const version of [1, 2]) {
    it(`refuses another application's database with user_version ${version}, leaving every byte as it was`, () => {
      const path = join(directory(), 'app.db');
      const other = new Database(path);
      other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES (\'Ada\')');
      other.pragma(`user_version = ${version}`);
      other.close();
      const before = sha256(path);
      const error = (() => {
        try {
          Store.open(path);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(StoreError);
      expect(String(error)).toMatch(/app\.db is a SQLite database but not an nnts store \(it holds customers\); refusing to change it/);
      expect(sha256(path)).toBe(before);
      expect([existsSync(`${path}-wal`), existsSync(`${path}-shm`)]).toEqual([false, false]);
    });
  }

  it('a path under a regular file is a StoreError naming it, not a raw fs error', () => {
    const file = join(directory(), 'notes.txt');
    writeFileSync(file, 'a file, not a folder');
    expect(() => Store.open(join(file, 'nnts.db'))).toThrow(new StoreError(`cannot open ${join(file, 'nnts.db')}: ${file} is a file, not a folder`));
    expect(() => Store.open(join(file, 'runs', 'nnts.db'))).toThrow(new StoreError(`cannot open ${join(file, 'runs', 'nnts.db')}: ${file} is a file, not a folder`));
  });

  it("refuses a database stamped with another application's id, even an empty one", () => {
    const path = join(directory(), 'tagged.db');
    const other = new Database(path);
    other.pragma('application_id = 1234');
    other.close();
    const before = sha256(path);
    expect(() => Store.open(path)).toThrow(/tagged\.db belongs to another application \(application_id 1234, /);
    expect(sha256(path)).toBe(before);
  });

  it('recognises a store of an older schema (no application id yet), migrates it and stamps it', () => {
    const path = join(directory(), 'legacy.db');
    const old = new Database(path);
    migrate(old, 2);
    old.pragma('application_id = 0'); // as version 2 of the store left its files
    old.prepare("INSERT INTO runs (name, status, hyperparameters, started_at) VALUES ('old', 'finished', '{}', '2026-01-01')").run();
    old.close();
    const store = Store.open(path);
    try {
      expect(store.listRuns().map((r) => r.name)).toEqual(['old']);
      expect(store.db.pragma('application_id', { simple: true })).not.toBe(0);
    } finally {
      store.close();
    }
  });
});
