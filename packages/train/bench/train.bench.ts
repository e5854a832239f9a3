// pnpm bench (in this package): training throughput of the seed's MNIST network, 784-300-100-10 with
// LeakyReLU, softmax and cross-entropy, on random data of MNIST's shape (60,000 x 784). Each
// configuration runs the real fit loop (gathering, forward, loss, backward, optimiser step) for a few
// seconds; the median batch time times the batches in an epoch gives seconds per epoch.
import os from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LeakyReLU, Softmax } from '@nnts/activations';
import { ActivationLayer, Dense, xavierHe } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import type { DType } from '@nnts/tensor';
import { RandomGenerator, astype, getBackend } from '@nnts/tensor';
import type { Optimizer } from '../src/index';
import { Adam, SGD, Sequential } from '../src/index';

const SAMPLES = 60_000;
const SECONDS_PER_CONFIGURATION = Number(process.env.NNTS_BENCH_SECONDS ?? 4);

function network(dtype: DType): Sequential {
  const random = new RandomGenerator(0);
  return new Sequential([
    new Dense(784, 300, { initializer: xavierHe('normal', 'relu'), random, dtype }), new ActivationLayer(new LeakyReLU()),
    new Dense(300, 100, { initializer: xavierHe('normal', 'relu'), random, dtype }), new ActivationLayer(new LeakyReLU()),
    new Dense(100, 10, { initializer: xavierHe('normal', 'sigmoid'), random, dtype }), new ActivationLayer(new Softmax()),
  ], { loss: new CrossEntropy() });
}

const random = new RandomGenerator(1);
const x32 = random.uniform([SAMPLES, 784], 0, 1);
const y = random.integers([SAMPLES], 0, 10);
const data: Record<DType, [typeof x32, typeof y]> = { float32: [x32, y], float64: [astype(x32, 'float64'), astype(y, 'float64')] };

interface Row {
  dtype: DType;
  batchSize: number;
  optimizer: string;
  batchesTimed: number;
  medianBatchMs: number;
  secondsPerEpoch: number;
  samplesPerSecond: number;
}

const rows: Row[] = [];
const configurations: [DType, number, () => Optimizer][] = [
  ['float32', 500, () => new SGD({ learningRate: 0.014 })], ['float32', 64, () => new SGD({ learningRate: 0.014 })],
  ['float64', 500, () => new SGD({ learningRate: 0.014 })], ['float64', 64, () => new SGD({ learningRate: 0.014 })],
  ['float32', 500, () => new Adam()], ['float32', 64, () => new Adam()],
];
for (const [dtype, batchSize, makeOptimizer] of configurations) {
  const model = network(dtype);
  const optimizer = makeOptimizer();
  const times: number[] = [];
  let last = 0;
  let started = 0;
  model.fit(data[dtype][0], data[dtype][1], {
    optimizer, epochs: 1, batchSize, verbose: 'silent',
    callbacks: [{
      onEpochBegin: () => { started = performance.now(); last = started; },
      onBatchEnd: (batch, _logs, context) => {
        const now = performance.now();
        if (batch >= 2) times.push(now - last); // the first batches allocate buffers and warm the JIT
        last = now;
        if ((now - started) / 1000 > SECONDS_PER_CONFIGURATION && times.length >= 5) context.stop();
      },
    }],
  });
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const row: Row = {
    dtype, batchSize, optimizer: optimizer.name, batchesTimed: times.length, medianBatchMs: Number(median.toFixed(2)),
    secondsPerEpoch: Number(((median * Math.ceil(SAMPLES / batchSize)) / 1000).toFixed(2)),
    samplesPerSecond: Math.round((batchSize / median) * 1000),
  };
  rows.push(row);
  console.log(`${dtype}  batch ${String(batchSize).padStart(3)}  ${optimizer.name.padEnd(4)}  ${row.secondsPerEpoch} s/epoch  ${row.samplesPerSecond} samples/s  (median of ${row.batchesTimed} batches, ${row.medianBatchMs} ms each)`);
}

const result = {
  benchmark: 'train', network: '784-300-100-10 LeakyReLU, softmax, cross-entropy', samplesPerEpoch: SAMPLES, data: 'random, MNIST-shaped',
  backend: getBackend().name, statistic: 'median batch time x batches per epoch',
  date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, results: rows,
};
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}train.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log('\nwritten to bench/results/train.json');
