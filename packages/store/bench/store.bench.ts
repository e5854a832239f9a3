// pnpm bench (in this package): how long the store takes to checkpoint and to load the seed's MNIST
// network (784-300-100-10, 266,610 parameters), in a real file with WAL, median of several runs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeakyReLU, Softmax } from '@nnts/activations';
import { ActivationLayer, Dense, xavierHe } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import type { DType } from '@nnts/tensor';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { Store, exportModel, importModel } from '../src/index';

const RUNS = Number(process.env.NNTS_BENCH_RUNS ?? 7);

function network(dtype: DType): Sequential {
  const random = new RandomGenerator(0);
  return new Sequential([
    new Dense(784, 300, { initializer: xavierHe('normal', 'relu'), random, dtype }), new ActivationLayer(new LeakyReLU()),
    new Dense(300, 100, { initializer: xavierHe('normal', 'relu'), random, dtype }), new ActivationLayer(new LeakyReLU()),
    new Dense(100, 10, { initializer: xavierHe('normal', 'sigmoid'), random, dtype }), new ActivationLayer(new Softmax()),
  ], { loss: new CrossEntropy() });
}

function medianMs(work: () => void): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Number(times[Math.floor(times.length / 2)]!.toFixed(1));
}

const directory = mkdtempSync(join(os.tmpdir(), 'nnts-store-bench-'));
const rows: Record<string, number | string>[] = [];
for (const dtype of ['float32', 'float64'] as const) {
  const store = Store.open(join(directory, `${dtype}.db`));
  const model = network(dtype);
  const optimizer = new Adam();
  // One Adam step so that the optimiser has its two moment tensors per parameter to checkpoint too.
  const random = new RandomGenerator(1);
  model.trainStep(random.uniform([8, 784], 0, 1, { dtype }), random.integers([8], 0, 10, { dtype }), optimizer);
  const runId = store.createRun({ name: 'bench' });
  let epoch = 0;
  const parameters = model.namedParameters().reduce((s, p) => s + p.parameter.value.size, 0);
  const checkpoint = medianMs(() => store.saveCheckpoint(runId, epoch++, { model, optimizer, random }));
  const restore = medianMs(() => store.restoreCheckpoint(runId, { model, optimizer, random }));
  const save = medianMs(() => store.saveModel('mnist', model));
  const load = medianMs(() => store.loadModel('mnist'));
  const base = join(directory, `mnist-${dtype}`);
  const exportMs = medianMs(() => exportModel(model, base));
  const importMs = medianMs(() => importModel(base));
  store.close();
  const row = { dtype, parameters, checkpointMs: checkpoint, restoreCheckpointMs: restore, saveModelMs: save, loadModelMs: load, exportSafetensorsMs: exportMs, importSafetensorsMs: importMs };
  rows.push(row);
  console.log(`${dtype}  ${parameters} parameters  checkpoint ${checkpoint} ms (with Adam state)  restore ${restore} ms  save model ${save} ms  load model ${load} ms  safetensors export ${exportMs} ms, import ${importMs} ms`);
}
rmSync(directory, { recursive: true, force: true });

const result = { benchmark: 'store', network: '784-300-100-10', runs: RUNS, statistic: 'median', date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', results: rows };
const out = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}store.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log('\nwritten to bench/results/store.json');
