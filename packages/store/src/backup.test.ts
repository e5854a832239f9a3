import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Store } from './store';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('nnts store backup', () => {
  it('copies a live store into one file that holds every commit, where copying the file alone does not', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nnts-backup-'));
    const path = join(folder, 'live.db');
    const writer = Store.open(path);
    writer.db.pragma('wal_autocheckpoint = 0'); // keep the commits in the -wal file, as a busy writer may
    const runId = writer.createRun({ name: 'live' });
    writer.recordEpoch(runId, 0, { loss: 0.5 });
    try {
      copyFileSync(path, join(folder, 'copied.db'));
      const copied = Store.open(join(folder, 'copied.db'));
      expect(copied.listRuns()).toEqual([]); // what the README warns about
      copied.close();

      const backup = join(folder, 'backup.db');
      const result = spawnSync(process.execPath, [cli, '--db', path, 'store', 'backup', backup], { encoding: 'utf8' });
      expect([result.status, result.stderr]).toEqual([0, '']);
      expect(result.stdout.trim()).toBe(`backed up ${path} to ${backup}`);
      expect([existsSync(`${backup}-wal`), existsSync(`${backup}-shm`)]).toEqual([false, false]);
      const restored = Store.open(backup);
      expect(restored.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(restored.getRun(runId)).toMatchObject({ name: 'live', metrics: { loss: [0.5] } });
      restored.close();

      const again = spawnSync(process.execPath, [cli, '--db', path, 'store', 'backup', backup], { encoding: 'utf8' });
      expect([again.status, again.stderr.trim()]).toEqual([1, `nnts: backup: ${backup} exists; refusing to overwrite it`]);
    } finally {
      writer.close();
    }
  });
});
