// pnpm bench (in this package), once per backend: one training epoch of the seed's MNIST network,
// 784-300-100-10 with LeakyReLU, softmax and cross-entropy, over 60,000 images: Fashion-MNIST when it
// is installed (Debian's dataset-fashion-mnist, or the cache), random data of the same shape otherwise.
//
// Each configuration runs the real fit loop (shuffle, gather, forward, loss, backward, finiteness
// check, optimiser step). Where an epoch is short (native) whole epochs are timed and the median
// reported; where it is long (TypeScript) the median batch time times the batches in an epoch is.
// Then, from one seed, one epoch of Adam at batch 64 gives the test accuracy each backend reaches.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { LeakyReLU, Softmax } from '@nnts/activations';
import { loadFashionMnist } from '@nnts/datasets';
import { ActivationLayer, Dense, xavierHe } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import type { DType, Tensor } from '@nnts/tensor';
import { RandomGenerator, astype, getBackend } from '@nnts/tensor';
import type { Optimizer } from '../src/index';
import { Adam, SGD, Sequential } from '../src/index';

const SECONDS_PER_CONFIGURATION = Number(process.env.NNTS_BENCH_SECONDS ?? 6);
const backend = getBackend();

function network(dtype: DType): Sequential {
  const random = new RandomGenerator(0);
  return new Sequential([
    new Dense(784, 300, { initializer: xavierHe('normal', 'relu'), random, dtype }), new ActivationLayer(new LeakyReLU()),
    new Dense(300, 100, { initializer: xavierHe('normal', 'relu'), random, dtype }), new ActivationLayer(new LeakyReLU()),
    new Dense(100, 10, { initializer: xavierHe('normal', 'sigmoid'), random, dtype }), new ActivationLayer(new Softmax()),
  ], { loss: new CrossEntropy() });
}

async function data(): Promise<{ name: string; x: Tensor; y: Tensor; test: [Tensor, Tensor] | null }> {
  try {
    const train = await loadFashionMnist({ normalize: true, download: { offline: true } });
    const test = await loadFashionMnist({ split: 'test', normalize: true, download: { offline: true } });
    return { name: 'Fashion-MNIST', x: train.data, y: train.target, test: [test.data, test.target] };
  } catch (error) {
    console.log(`Fashion-MNIST is not installed (${(error as Error).message.split('\n')[0]}); timing on random data of its shape`);
    const random = new RandomGenerator(1);
    return { name: 'random, Fashion-MNIST-shaped', x: random.uniform([60_000, 784], 0, 1), y: random.integers([60_000], 0, 10), test: null };
  }
}

interface Row {
  dtype: DType;
  batchSize: number;
  optimizer: string;
  method: 'whole epochs' | 'median batch x batches';
  timings: number;
  secondsPerEpoch: number;
  samplesPerSecond: number;
}

const dataset = await data();
const samples = dataset.x.shape[0]!;
const byDtype: Record<DType, [Tensor, Tensor]> = { float32: [dataset.x, dataset.y], float64: [astype(dataset.x, 'float64'), astype(dataset.y, 'float64')] };
const sgd = (): Optimizer => new SGD({ learningRate: 0.014 });
const configurations: [DType, number, () => Optimizer][] = [
  ['float32', 500, sgd], ['float32', 64, sgd], ['float32', 500, () => new Adam()], ['float32', 64, () => new Adam()],
  ['float64', 500, sgd], ['float64', 64, sgd],
];
const rows: Row[] = [];
for (const [dtype, batchSize, makeOptimizer] of configurations) {
  const model = network(dtype);
  const optimizer = makeOptimizer();
  const batches = Math.ceil(samples / batchSize);
  const batchTimes: number[] = [];
  const epochTimes: number[] = [];
  let epochStart = 0;
  let last = 0;
  let wholeEpochs = true;
  const started = performance.now();
  model.fit(byDtype[dtype][0], byDtype[dtype][1], {
    optimizer, epochs: 1000, batchSize, verbose: 'silent',
    callbacks: [{
      onEpochBegin: () => {
        epochStart = performance.now();
        last = epochStart;
      },
      onBatchEnd: (batch, _logs, context) => {
        const now = performance.now();
        if (batch >= 2) batchTimes.push(now - last); // the first batches allocate buffers and warm the JIT
        last = now;
        // An epoch that will not fit the time budget three times over is timed by its batches.
        if (epochTimes.length === 0 && batch === 20 && ((now - epochStart) / 21) * batches > (SECONDS_PER_CONFIGURATION * 1000) / 3) wholeEpochs = false;
        if (!wholeEpochs && (now - started) / 1000 > SECONDS_PER_CONFIGURATION && batchTimes.length >= 20) context.stop();
      },
      onEpochEnd: (epoch, _logs, context) => {
        epochTimes.push(performance.now() - epochStart);
        // The first epoch warms the JIT and allocates; time the next ones.
        if (epochTimes.length >= 4 && (performance.now() - started) / 1000 > SECONDS_PER_CONFIGURATION) context.stop();
        if (epoch >= 10) context.stop();
      },
    }],
  });
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const timed = wholeEpochs ? epochTimes.slice(1) : batchTimes;
  const secondsPerEpoch = wholeEpochs ? median(timed) / 1000 : (median(timed) * batches) / 1000;
  const row: Row = {
    dtype, batchSize, optimizer: optimizer.name, method: wholeEpochs ? 'whole epochs' : 'median batch x batches', timings: timed.length,
    secondsPerEpoch: Number(secondsPerEpoch.toFixed(3)), samplesPerSecond: Math.round(samples / secondsPerEpoch),
  };
  rows.push(row);
  console.log(`${dtype}  batch ${String(batchSize).padStart(3)}  ${optimizer.name.padEnd(4)}  ${row.secondsPerEpoch} s/epoch  ${row.samplesPerSecond} samples/s  (${row.method}, ${row.timings} timings)`);
}

// One epoch of Adam at batch 64 from one seed: the accuracy to compare across backends.
let testAccuracy: number | null = null;
if (dataset.test) {
  const model = network('float32');
  model.fit(dataset.x, dataset.y, { optimizer: new Adam(), epochs: 1, batchSize: 64, verbose: 'silent', random: new RandomGenerator(0) });
  testAccuracy = Number(accuracy(dataset.test[1], model.predict(dataset.test[0])).toFixed(4));
  console.log(`test accuracy after one epoch of Adam at batch 64: ${testAccuracy}`);
}

const result = {
  benchmark: 'train', network: '784-300-100-10 LeakyReLU, softmax, cross-entropy', data: dataset.name, samplesPerEpoch: samples,
  backend: backend.name, details: backend.details ?? null, date: new Date().toISOString(), node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, results: rows,
  accuracy: { setup: 'one epoch, Adam, batch 64, seed 0', testAccuracy },
};
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}train-${backend.name}.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwritten to bench/results/train-${backend.name}.json`);
