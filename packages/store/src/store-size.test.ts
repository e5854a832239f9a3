import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeakyReLU, Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, Dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import type { DType } from '@nnts/tensor';
import { RandomGenerator, tensor } from '@nnts/tensor';
import { SGD, Sequential } from '@nnts/train';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './schema';
import { Store } from './store';
import { tensorToBytes, tensorToJson } from './tensor-bytes';

const directory = (): string => mkdtempSync(join(tmpdir(), 'nnts-size-'));
const MB = 1024 * 1024;

// The seed's MNIST network, trained as `pnpm example mnist` trains it (SGD with momentum, batches of
// 500, validation data) on a few random images: the size of a store does not depend on the data.
function mnistRun(path: string, epochs: number): { store: Store; runId: number } {
  const random = new RandomGenerator(0);
  const model = new Sequential([
    new Dense(784, 300, { random }), new ActivationLayer(new LeakyReLU()),
    new Dense(300, 100, { random }), new ActivationLayer(new LeakyReLU()),
    new Dense(100, 10, { random }), new ActivationLayer(new Softmax()),
  ], { loss: new CrossEntropy() });
  const store = Store.open(path);
  const recorder = store.recorder({ name: 'mnist', saveModelAs: 'mnist' });
  const x = random.uniform([200, 784], 0, 1);
  const y = random.integers([200], 0, 10);
  model.fit(x, y, { optimizer: new SGD({ learningRate: 0.05, momentum: 0.9 }), epochs, batchSize: 500, validationSplit: 0.5, verbose: 'silent', callbacks: [recorder] });
  return { store, runId: recorder.runId! };
}

describe('the size of a store', () => {
  it('a 12-epoch run of the 784-300-100-10 network leaves a file under 10 MB, and deleting the run gives the space back', () => {
    const path = join(directory(), 'mnist.db');
    const { store, runId } = mnistRun(path, 12);
    const kept = (store.db.prepare('SELECT epoch FROM checkpoints WHERE run_id = ?').all(runId) as { epoch: number }[]).map((c) => c.epoch);
    expect(kept).toContain(11);
    expect(kept.length).toBeLessThanOrEqual(2);
    store.close();
    const size = statSync(path).size;
    console.log(`store-size: a 12-epoch 784-300-100-10 run leaves ${(size / MB).toFixed(2)} MB`);
    // 266,610 float32 parameters are 1.07 MB: the model and two checkpoints with their momentum.
    expect(size).toBeLessThan(10 * MB);

    const again = Store.open(path);
    again.deleteRun(runId);
    again.deleteModel('mnist');
    again.close();
    expect(statSync(path).size).toBeLessThan(0.5 * MB);
  }, 60_000);

  for (const dtype of ['float32', 'float64'] as const) {
    it(`the SQL views read single ${dtype} weights exactly, from the one stored copy`, () => {
      const store = Store.open(':memory:');
      const special = [0, -0, 1, -2.5, 1e-45, 5e-324, 3.4e38, 1.7976931348623157e308, -1.1754943508222875e-38, Infinity, -Infinity, Number.NaN, 0.1, Math.PI];
      const values = dtype === 'float32' ? new Float32Array(special) : new Float64Array(special);
      store.db.prepare("INSERT INTO snapshots (id, created_at) VALUES (1, 'now')").run();
      store.db.prepare("INSERT INTO tensors (snapshot_id, key, kind, dtype, shape, data) VALUES (1, 'w', 'parameter', ?, ?, ?)")
        .run(dtype, JSON.stringify([values.length]), tensorToBytes(tensor(values, { shape: [values.length] })));
      const read = store.db.prepare('SELECT position, value FROM weights ORDER BY position').all() as { position: number; value: number | null }[];
      expect(read.map((r) => r.position)).toEqual(special.map((_, i) => i));
      // As SQLite stores them: NaN as NULL, -0 as 0 (the JSON copy of schema 2 read the same).
      expect(read.map((r) => r.value)).toEqual(Array.from(values, (v) => (Number.isNaN(v) ? null : v === 0 ? 0 : v)));
      expect(store.db.prepare('PRAGMA table_info(tensors)').all().map((c) => (c as { name: string }).name)).toEqual(['snapshot_id', 'key', 'kind', 'dtype', 'shape', 'data']);
      store.close();
    });
  }

  it('a store of schema 2 (a JSON copy of every tensor) migrates: the copy goes, the views read the same values, the file shrinks', () => {
    const path = join(directory(), 'schema-2.db');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    migrate(old, 2);
    old.pragma('application_id = 0'); // schema 2 did not stamp its files
    const random = new RandomGenerator(3);
    const weights = random.normal([300, 100], 0, 1, { dtype: 'float64' as DType });
    old.prepare("INSERT INTO snapshots (id, created_at) VALUES (1, 'then')").run();
    old.prepare(`INSERT INTO tensors (snapshot_id, key, kind, dtype, shape, data, "values") VALUES (1, 'dense_0.weights', 'parameter', 'float64', '[300,100]', ?, ?)`)
      .run(tensorToBytes(weights), tensorToJson(weights));
    const small = new Sequential([new Dense(2, 2, { random }), new ActivationLayer(new Tanh())], { loss: new CrossEntropy() });
    old.prepare("INSERT INTO models (name, architecture, loss, snapshot_id, created_at, updated_at) VALUES ('old', ?, ?, 1, 'then', 'then')")
      .run(JSON.stringify(small.getConfig()), JSON.stringify(small.getConfig().loss));
    const before = old.prepare(`SELECT value FROM model_weights WHERE model = 'old' ORDER BY position`).all();
    old.close();
    const sizeBefore = statSync(path).size;

    const store = Store.open(path);
    expect(store.db.prepare(`SELECT value FROM model_weights WHERE model = 'old' ORDER BY position`).all()).toEqual(before);
    expect(store.db.prepare('PRAGMA table_info(tensors)').all().map((c) => (c as { name: string }).name)).not.toContain('values');
    expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    store.close();
    expect(statSync(path).size).toBeLessThan(sizeBefore / 2);
  });
});
