import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReLU, Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, BatchNorm, Dense, Dropout, batchNorm, bidirectional, conv2d, dense, embedding, flatten, gru, layerNormalization, lstm, maxPool2d } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import type { DType, Tensor } from '@nnts/tensor';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, SGD, Sequential } from '@nnts/train';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from './errors';
import { decodeSafetensors, encodeSafetensors, exportModel, importModel } from './safetensors';
import { APPLICATION_ID, SCHEMA_VERSION, migrate } from './schema';
import { Store } from './store';
import { storesForTests } from './test-support/stores';

const fixture = fileURLToPath(new URL('../test-fixtures/record-run.mjs', import.meta.url));
const networkFixture = fileURLToPath(new URL('../test-fixtures/record-network.mjs', import.meta.url));
const { open, directory } = storesForTests('nnts-store-');

function network(dtype: DType, seed = 1, dropout = false): Sequential {
  const random = new RandomGenerator(seed);
  return new Sequential([
    new Dense(4, 6, { random, dtype }), new ActivationLayer(new Tanh()), new BatchNorm(6, { dtype }),
    ...(dropout ? [new Dropout({ rate: 0.3, random })] : []),
    new Dense(6, 3, { random, dtype }), new ActivationLayer(new Softmax()),
  ], { loss: new CrossEntropy() });
}

const data = (dtype: DType): [Tensor, Tensor] => {
  const random = new RandomGenerator(5);
  return [random.normal([40, 4], 0, 1, { dtype }), random.integers([40], 0, 3, { dtype })];
};

const bits = (model: Sequential): number[] =>
  [...model.namedParameters().map((p) => p.parameter.value), ...model.namedBuffers().map((b) => b.value)].flatMap((t) => Array.from(t.data));

describe('models', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`save and load round-trip exactly (${dtype}) and predict the same`, () => {
      const store = open();
      const model = network(dtype);
      const [x, y] = data(dtype);
      model.fit(x, y, { optimizer: new Adam(), epochs: 3, verbose: 'silent' });
      store.saveModel('net', model);
      const loaded = store.loadModel('net');
      expect(bits(loaded)).toEqual(bits(model));
      expect(loaded.getConfig()).toEqual(model.getConfig());
      expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
      expect(store.listModels()).toMatchObject([{ name: 'net', parameters: 4 * 6 + 6 + 6 + 6 + 6 * 3 + 3, loss: 'crossEntropy' }]);
    });
  }

  it('a convolutional network saves, loads and goes through safetensors exactly, and predicts the same', () => {
    const store = open();
    const model = new Sequential([
      conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), maxPool2d(), batchNorm(), flatten(), dense({ units: 3, activation: 'softmax' }),
    ], { inputShape: [6, 6, 2], loss: new CrossEntropy(), seed: 3 });
    const random = new RandomGenerator(4);
    const x = random.normal([20, 6, 6, 2]);
    model.fit(x, random.integers([20], 0, 3), { optimizer: new Adam(), epochs: 2, batchSize: 8, verbose: 'silent' });
    store.saveModel('cnn', model);
    const exported = exportModel(model, join(directory(), 'cnn'));
    for (const loaded of [store.loadModel('cnn'), importModel(exported.weights.replace(/\.safetensors$/, ''))]) {
      expect(loaded.getConfig()).toEqual(model.getConfig());
      expect(bits(loaded)).toEqual(bits(model));
      expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    }
    const { tensors } = decodeSafetensors(readFileSync(exported.weights));
    expect(tensors.get('conv2d_0.weights')!.shape).toEqual([3, 3, 2, 4]);
    expect(store.db.prepare(`SELECT kind FROM layers ORDER BY position`).all()).toEqual(['conv2d', 'maxPool2d', 'batchNorm', 'flatten', 'dense'].map((kind) => ({ kind })));
  });

  it('a sequence model (Embedding with masking, LSTM, LayerNormalization, bidirectional GRU) saves, loads and goes through safetensors exactly', () => {
    const store = open();
    const model = new Sequential([
      embedding({ inputDim: 8, outputDim: 4, maskZero: true }), lstm({ units: 5, returnSequences: true }), layerNormalization(),
      bidirectional({ layer: gru({ units: 3 }), mergeMode: 'sum' }), dense({ units: 2, activation: 'softmax' }),
    ], { inputShape: [6], loss: new CrossEntropy(), seed: 3 });
    const random = new RandomGenerator(4);
    const x = random.integers([20, 6], 0, 8);
    model.fit(x, random.integers([20], 0, 2), { optimizer: new Adam(), epochs: 2, batchSize: 8, verbose: 'silent' });
    store.saveModel('rnn', model);
    const exported = exportModel(model, join(directory(), 'rnn'));
    for (const loaded of [store.loadModel('rnn'), importModel(exported.weights.replace(/\.safetensors$/, ''))]) {
      expect(loaded.getConfig()).toEqual(model.getConfig());
      expect(bits(loaded)).toEqual(bits(model));
      expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    }
    const { tensors } = decodeSafetensors(readFileSync(exported.weights));
    expect(tensors.get('lstm_1.recurrentWeights')!.shape).toEqual([5, 20]);
    expect(tensors.get('bidirectional_3.backward/bias')!.shape).toEqual([2, 9]);
  });

  it('individual weights read with plain SQL (count and mean of one layer, as in the seed)', () => {
    const store = open();
    const model = network('float64');
    store.saveModel('net', model);
    const row = store.db.prepare(`SELECT count(*) AS n, avg(value) AS mean FROM model_weights WHERE model = 'net' AND key = 'dense_0.weights'`).get() as { n: number; mean: number };
    const weights = Array.from(model.namedParameters()[0]!.parameter.value.data);
    expect(row.n).toBe(24);
    expect(row.mean).toBeCloseTo(weights.reduce((a, b) => a + b, 0) / 24, 12);
    const layers = store.db.prepare(`SELECT position, name, kind FROM layers ORDER BY position`).all();
    expect(layers[0]).toEqual({ position: 0, name: 'dense_0', kind: 'dense' });
  });

  it('replacing a model keeps one snapshot; deleting removes it', () => {
    const store = open();
    store.saveModel('net', network('float32', 1));
    store.saveModel('net', network('float32', 2));
    expect(bits(store.loadModel('net'))).toEqual(bits(network('float32', 2)));
    expect((store.db.prepare('SELECT count(*) AS n FROM snapshots').get() as { n: number }).n).toBe(1);
    store.deleteModel('net');
    expect((store.db.prepare('SELECT count(*) AS n FROM tensors').get() as { n: number }).n).toBe(0);
  });

  it('an unknown model name is a clear error', () => {
    const store = open();
    store.saveModel('digits', network('float32'));
    expect(() => store.loadModel('digit')).toThrow(`no model named "digit" in :memory: (models: digits)`);
    expect(() => store.deleteModel('nope')).toThrow(StoreError);
    expect(() => store.saveModel('  ', network('float32'))).toThrow(/non-empty name/);
  });
});

describe('runs, the recorder and checkpoints', () => {
  it('records hyperparameters, seed, status and every epoch', () => {
    const store = open();
    const model = network('float32');
    const recorder = store.recorder({ name: 'first', seed: 1, hyperparameters: { batchSize: 8 }, saveModelAs: 'first' });
    const [x, y] = data('float32');
    model.fit(x, y, { optimizer: new SGD({ learningRate: 0.1 }), epochs: 4, batchSize: 8, metrics: ['accuracy'], validationSplit: 0.25, verbose: 'silent', callbacks: [recorder] });
    const run = store.getRun(recorder.runId!);
    expect(run).toMatchObject({ name: 'first', status: 'finished', seed: 1, epochs: 4, modelName: 'first' });
    expect(run.hyperparameters).toMatchObject({ batchSize: 8, epochs: 4, optimizer: { name: 'sgd', learningRate: 0.1 } });
    expect(Object.keys(run.metrics)).toEqual(['loss', 'accuracy', 'valLoss', 'valAccuracy']);
    expect(run.metrics.loss).toHaveLength(4);
    expect(run.endedAt).not.toBeNull();
    expect(store.listModels().map((m) => m.name)).toEqual(['first']);
    // The latest checkpoint and the one of the best validation loss stay.
    const valLoss = run.metrics.valLoss as number[];
    const best = valLoss.lastIndexOf(Math.min(...valLoss));
    const kept = (store.db.prepare('SELECT epoch FROM checkpoints ORDER BY epoch').all() as { epoch: number }[]).map((c) => c.epoch);
    expect(kept).toEqual([...new Set([best, 3])].sort());
  });

  it('marks stopped and failed runs', () => {
    const store = open();
    const [x, y] = data('float32');
    const stopped = store.recorder({ name: 'stopped' });
    network('float32').fit(x, y, { optimizer: new Adam(), epochs: 5, verbose: 'silent', callbacks: [stopped, { onEpochEnd: (_e, _l, c) => c.stop() }] });
    expect(store.getRun(stopped.runId!).status).toBe('stopped');
    const failed = store.recorder({ name: 'failed' });
    const bad = network('float32');
    expect(() => bad.fit(x, y, { optimizer: new Adam(), epochs: 5, verbose: 'silent', callbacks: [failed, { onEpochEnd: () => { throw new Error('boom'); } }] })).toThrow('boom');
    expect(store.getRun(failed.runId!)).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('a model opts in to recording with the recorder among its own callbacks', () => {
    const store = open();
    const random = new RandomGenerator(1);
    const model = new Sequential([new Dense(4, 3, { random }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy(), callbacks: [store.recorder({ name: 'opt-in' })] });
    const [x, y] = data('float32');
    model.fit(x, y, { optimizer: new Adam(), epochs: 2, verbose: 'silent' });
    model.fit(x, y, { optimizer: new Adam(), epochs: 1, verbose: 'silent' });
    expect(store.listRuns().map((r) => [r.name, r.epochs])).toEqual([['opt-in', 2], ['opt-in', 1]]);
  });

  it('resuming from a checkpoint ends with the same weights as an uninterrupted run', () => {
    const [x, y] = data('float64');
    const options = { batchSize: 8, verbose: 'silent' as const };
    const uninterrupted = network('float64', 3, true);
    uninterrupted.fit(x, y, { ...options, optimizer: new Adam({ learningRate: 0.01 }), epochs: 6, random: new RandomGenerator(9) });

    const path = join(directory(), 'resume.db');
    const first = open(path);
    const recorder = first.recorder({ name: 'resumable' });
    network('float64', 3, true).fit(x, y, { ...options, optimizer: new Adam({ learningRate: 0.01 }), epochs: 3, random: new RandomGenerator(9), callbacks: [recorder] });
    first.close();

    // A new process would do exactly this: fresh objects, state from the file.
    const store = open(path);
    const model = network('float64', 77, true); // different initial weights: all must come from the checkpoint
    const optimizer = new Adam({ learningRate: 0.01 });
    const random = new RandomGenerator(12345);
    const { epoch } = store.restoreCheckpoint(recorder.runId!, { model, optimizer, random });
    expect(epoch).toBe(2);
    model.fit(x, y, { ...options, optimizer, random, epochs: 6, initialEpoch: epoch + 1, callbacks: [store.recorder({ resumeRunId: recorder.runId! })] });
    expect(bits(model)).toEqual(bits(uninterrupted));
    expect(store.getRun(recorder.runId!)).toMatchObject({ status: 'finished', epochs: 6 });
  });

  it('a checkpoint whose shapes do not fit the architecture is refused and changes nothing', () => {
    const store = open();
    const recorder = store.recorder({ name: 'small' });
    const [x, y] = data('float32');
    network('float32').fit(x, y, { optimizer: new Adam(), epochs: 1, verbose: 'silent', callbacks: [recorder] });
    const random = new RandomGenerator(1);
    const other = new Sequential([new Dense(4, 5, { random }), new ActivationLayer(new ReLU()), new Dense(5, 3, { random }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy() });
    const before = bits(other);
    const optimizer = new Adam();
    expect(() => store.restoreCheckpoint(recorder.runId!, { model: other, optimizer, random })).toThrow(/does not fit this model|needs float32/);
    expect(bits(other)).toEqual(before);
    expect(optimizer.iterations).toBe(0);
    expect(() => store.restoreCheckpoint(999, { model: other, optimizer, random })).toThrow('run 999 has no checkpoint');
  });

  it('deletes runs with their epochs and checkpoints', () => {
    const store = open();
    const recorder = store.recorder({ name: 'gone' });
    const [x, y] = data('float32');
    network('float32').fit(x, y, { optimizer: new Adam(), epochs: 2, verbose: 'silent', callbacks: [recorder] });
    store.deleteRun(recorder.runId!);
    expect(store.listRuns()).toEqual([]);
    expect((store.db.prepare('SELECT (SELECT count(*) FROM epochs) + (SELECT count(*) FROM tensors) AS n').get() as { n: number }).n).toBe(0);
    expect(() => store.getRun(recorder.runId!)).toThrow(StoreError);
  });
});

describe('the file', () => {
  it('refuses a file that is not SQLite, and leaves it untouched', () => {
    const path = join(directory(), 'notes.db');
    writeFileSync(path, 'these are my notes, not a database'.repeat(100));
    const before = readFileSync(path);
    expect(() => Store.open(path)).toThrow(/notes\.db is not a usable nnts store: file is not a database/);
    expect(readFileSync(path)).toEqual(before);
  });

  it("refuses another application's SQLite database instead of adding tables to it", () => {
    const path = join(directory(), 'app.db');
    const other = new Database(path);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => Store.open(path)).toThrow(/is a SQLite database but not an nnts store \(it holds customers\)/);
  });

  it('refuses a file from a newer schema', () => {
    const path = join(directory(), 'future.db');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 99');
    db.close();
    expect(() => Store.open(path)).toThrow(/schema version 99, newer than this nnts knows/);
  });

  it('migrates a database of schema version 1, backfilling the SQL-readable weights', () => {
    const path = join(directory(), 'old.db');
    const old = new Database(path);
    migrate(old, 1);
    const model = network('float32');
    // Write a version-1 model by hand, as version 1 of the store did (no values column yet).
    old.prepare("INSERT INTO snapshots (id, created_at) VALUES (1, '2026-01-01')").run();
    const insert = old.prepare('INSERT INTO tensors (snapshot_id, key, kind, dtype, shape, data) VALUES (1, ?, ?, ?, ?, ?)');
    for (const { key, parameter } of model.namedParameters()) insert.run(key, 'parameter', 'float32', JSON.stringify(parameter.value.shape), Buffer.from(parameter.value.data.buffer));
    for (const { key, value } of model.namedBuffers()) insert.run(key, 'buffer', 'float32', JSON.stringify(value.shape), Buffer.from(value.data.buffer));
    old.prepare("INSERT INTO models (name, architecture, loss, snapshot_id, created_at, updated_at) VALUES ('legacy', ?, ?, 1, '2026-01-01', '2026-01-01')")
      .run(JSON.stringify(model.getConfig()), JSON.stringify(model.getConfig().loss));
    old.close();
    const store = open(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(bits(store.loadModel('legacy'))).toEqual(bits(model));
    const row = store.db.prepare(`SELECT count(*) AS n FROM model_weights WHERE model = 'legacy' AND key = 'dense_0.weights'`).get() as { n: number };
    expect(row.n).toBe(24);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('uses WAL and enforces foreign keys', () => {
    const store = open(join(directory(), 'wal.db'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => store.db.prepare("INSERT INTO epochs (run_id, epoch, metric, value, recorded_at) VALUES (42, 0, 'loss', 1, 'now')").run()).toThrow(/FOREIGN KEY/);
  });
});

describe('processes', () => {
  it('a recording process killed with SIGKILL leaves a sound file with every epoch committed before the kill', async () => {
    const path = join(directory(), 'killed.db');
    Store.open(path).close();
    const child = spawn(process.execPath, [fixture, path, 'doomed', '1000', '20'], { stdio: 'ignore' });
    const watcher = new Database(path, { readonly: true });
    const epochsSeen = (): number => (watcher.prepare(`SELECT count(DISTINCT epoch) AS n FROM epochs`).get() as { n: number }).n;
    const started = Date.now();
    while (epochsSeen() < 5 && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 20));
    const beforeKill = epochsSeen();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    watcher.close();
    expect(beforeKill).toBeGreaterThanOrEqual(5);
    const store = open(path);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const [run] = store.listRuns();
    expect(run!.status).toBe('running'); // it never got to say otherwise
    expect(run!.epochs).toBeGreaterThanOrEqual(beforeKill);
    expect(run!.epochs).toBeLessThan(1000);
    const metrics = store.getRun(run!.id).metrics;
    expect(metrics.loss!.slice(0, run!.epochs).every((v) => typeof v === 'number')).toBe(true);
  }, 30_000);

  for (const [network, inputShape] of [['cnn', [8, 8, 2]], ['lstm', [10]]] as const) {
    it(`a ${network === 'cnn' ? 'CNN' : 'sequence model (Embedding with masking, LSTM, bidirectional GRU)'} killed with SIGKILL mid-run resumes in a new process to the bits of an uninterrupted run`, async () => {
      const whole = join(directory(), 'whole.db');
      expect(spawnSync(process.execPath, [networkFixture, network, whole, '6', '0']).status).toBe(0);
      const path = join(directory(), `killed-${network}.db`);
      Store.open(path).close();
      const child = spawn(process.execPath, [networkFixture, network, path, '6', '400'], { stdio: 'ignore' });
      const watcher = new Database(path, { readonly: true });
      // Each epoch is committed with its checkpoint; older checkpoints than the latest and the best go.
      const epochs = (): number => (watcher.prepare('SELECT count(DISTINCT epoch) AS n FROM epochs').get() as { n: number }).n;
      const started = Date.now();
      while (epochs() < 2 && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('exit', resolve));
      const killedAfter = epochs();
      watcher.close();
      expect(killedAfter).toBeGreaterThanOrEqual(2);
      expect(killedAfter).toBeLessThan(6);
      const resumed = spawnSync(process.execPath, [networkFixture, network, path, '6', '0', '--resume'], { encoding: 'utf8' });
      expect(resumed.stderr).toBe('');
      expect(resumed.status).toBe(0);
      const model = open(path).loadModel(network);
      expect(model.inputShape).toEqual(inputShape);
      expect(bits(model)).toEqual(bits(open(whole).loadModel(network)));
      expect(open(path).listRuns()).toMatchObject([{ name: network, status: 'finished', epochs: 6 }]);
    }, 60_000);
  }

  it('two processes recording into one database at once lose nothing', async () => {
    const path = join(directory(), 'shared.db');
    Store.open(path).close();
    const runChild = (name: string): Promise<number | null> => new Promise((resolve) => {
      spawn(process.execPath, [fixture, path, name, '40', '1'], { stdio: 'ignore' }).on('exit', resolve);
    });
    expect(await Promise.all([runChild('left'), runChild('right')])).toEqual([0, 0]);
    const store = open(path);
    const runs = store.listRuns().sort((a, b) => a.name.localeCompare(b.name));
    expect(runs.map((r) => [r.name, r.status, r.epochs])).toEqual([['left', 'finished', 40], ['right', 'finished', 40]]);
    expect(store.db.prepare('SELECT run_id, max(epoch) AS latest FROM checkpoints GROUP BY run_id ORDER BY run_id').all()).toEqual(runs.map((r) => ({ run_id: r.id, latest: 39 })).sort((a, b) => a.run_id - b.run_id));
  }, 60_000);
});

describe('safetensors', () => {
  it('exports and imports a model exactly, in a file other tools can parse', () => {
    const model = network('float64');
    const base = join(directory(), 'model');
    const { weights } = exportModel(model, base);
    const bytes = readFileSync(weights);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString());
    expect(header['dense_0.weights']).toEqual({ dtype: 'F64', shape: [4, 6], data_offsets: [0, 192] });
    const imported = importModel(base);
    expect(bits(imported)).toEqual(bits(model));
  });

  it('rejects malformed files with the reason', () => {
    expect(() => decodeSafetensors(Buffer.from([1, 2, 3]))).toThrow(/too short/);
    const good = encodeSafetensors([{ key: 'w', tensor: network('float32').namedParameters()[0]!.parameter.value }]);
    expect(() => decodeSafetensors(good.subarray(0, good.length - 4))).toThrow(/the tensors end at byte \d+ of the data but the file holds \d+ bytes of data/);
    const huge = Buffer.alloc(16);
    huge.writeBigUInt64LE(1000n);
    expect(() => decodeSafetensors(huge)).toThrow(/runs past the end/);
  });
});

describe('the nnts command line', () => {
  it('lists, shows, exports and deletes runs', () => {
    const path = join(directory(), 'cli.db');
    const store = Store.open(path);
    const recorder = store.recorder({ name: 'cli-run' });
    const [x, y] = data('float32');
    network('float32').fit(x, y, { optimizer: new Adam(), epochs: 2, verbose: 'silent', callbacks: [recorder] });
    store.saveModel('cli-model', network('float32'));
    store.close();
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const nnts = (...args: string[]) => spawnSync(process.execPath, [cli, '--db', path, ...args], { encoding: 'utf8' });
    expect(nnts('runs', 'list').stdout).toMatch(/^id\s+name\s+status\s+epochs[\s\S]*\n1\s+cli-run\s+finished\s+2/m);
    expect(nnts('runs', 'show', '1').stdout).toContain('run 1: cli-run (finished)');
    expect(nnts('runs', 'export', '1').stdout.split('\n')[0]).toBe('epoch,loss');
    expect(JSON.parse(nnts('runs', 'export', '1', '--format', 'json').stdout).metrics.loss).toHaveLength(2);
    expect(nnts('models', 'list').stdout).toContain('cli-model');
    const missing = nnts('runs', 'show', '7');
    expect([missing.status, missing.stderr.trim()]).toEqual([1, `nnts: no run 7 in ${path}`]);
    expect(nnts('runs', 'delete', '1').stdout.trim()).toBe('deleted run 1');
    expect(nnts('runs', 'list').stdout.trim()).toBe('no runs recorded yet');
  });
});

describe('options of the wrong name or kind (issue 13, item 13)', () => {
  it('saveModel, createRun, saveCheckpoint and restoreCheckpoint refuse them, naming the option', () => {
    const store = open(':memory:');
    const model = network('float32');
    expect(() => store.saveModel('m', model, { optimiser: new Adam() } as never)).toThrow("saveModel: unknown option 'optimiser'");
    expect(() => store.saveModel('m', model, { optimizer: 'adam' } as never)).toThrow('saveModel: optimizer must be an Optimizer, got "adam"');
    expect(() => store.createRun({ name: 'r', modelname: 'm' } as never)).toThrow("createRun: unknown option 'modelname'");
    const runId = store.createRun({ name: 'r' });
    expect(() => store.restoreCheckpoint(runId, { model, optimizer: new Adam(), random: new RandomGenerator(1) }, { epoch: 1.5 })).toThrow('restoreCheckpoint: epoch must be an integer >= 0, got 1.5');
    expect(() => store.saveCheckpoint(runId, 0, { model, optimizer: new Adam(), random: new RandomGenerator(1) }, { keep: 2 } as never)).toThrow("saveCheckpoint: unknown option 'keep'");
  });
});
