import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, Dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { describe, expect, it } from 'vitest';
import { DiskFullError } from './sqlite-errors';
import { Store } from './store';

describe('a full disk', () => {
  it('stops recording with a DiskFullError naming the file, marks the run failed, and keeps every committed epoch', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nnts-full-')), 'full.db');
    const store = Store.open(path);
    const random = new RandomGenerator(1);
    const model = new Sequential([new Dense(4, 200, { random }), new ActivationLayer(new Tanh()), new Dense(200, 3, { random }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy() });
    const x = random.normal([32, 4]);
    const y = random.integers([32], 0, 3);
    // SQLite's own disk-full path: once the file may not grow, the next write that needs a page fails with SQLITE_FULL.
    const fill = { onEpochEnd: (epoch: number) => void (epoch === 1 && store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`)) };
    const recorder = store.recorder({ name: 'full', keepCheckpoints: 'all' }); // every checkpoint needs new pages
    let thrown: unknown = null;
    try {
      model.fit(x, y, { optimizer: new Adam(), epochs: 6, verbose: 'silent', callbacks: [fill, recorder] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DiskFullError);
    expect(String(thrown)).toContain(`${path}: the disk is full (SQLITE_FULL) while`);
    store.close();

    const reopened = Store.open(path);
    try {
      expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const run = reopened.getRun(recorder.runId!);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/the disk is full/);
      expect(typeof run.metrics.loss![0]).toBe('number');
      // Epoch 0 was committed whole before the disk filled up, its checkpoint with it.
      expect(reopened.restoreCheckpoint(run.id, { model, optimizer: new Adam(), random }).epoch).toBe(0);
    } finally {
      reopened.close();
    }
  });
});
