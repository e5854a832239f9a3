// pnpm bench (in this package): one training epoch of the seed's MNIST network (784-300-100-10,
// LeakyReLU, softmax, cross-entropy, SGD, batch 500) on Fashion-MNIST, three ways in one process, so
// the ratios the WebAssembly issue asks for come from one run on one machine state:
//   - nnts on its wasm backend (the real fit loop, whole epochs);
//   - nnts on its TypeScript backend (the median batch times the batches: an epoch takes minutes);
//   - TensorFlow.js 4.22 on its WASM backend (tfjs-layers' model.fit, whole epochs; in Node it runs
//     the SIMD build on one thread, as the JSON records).
// The first epoch of each warms the JIT and allocates, so it is left out of the medians. Writes
// bench/results/train-tfjs-wasm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { LeakyReLU, Softmax } from '@nnts/activations';
import { loadFashionMnist } from '@nnts/datasets';
import { ActivationLayer, Dense, xavierHe } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, getBackend, setBackend } from '@nnts/tensor';
import { SGD, Sequential } from '../src/index';

const BATCH = 500;
const LEARNING_RATE = 0.014;
const EPOCHS = Number(process.env.NNTS_BENCH_EPOCHS ?? 4);

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number): number => Number((ms / 1000).toFixed(3));

async function data(): Promise<{ name: string; x: Tensor; y: Tensor }> {
  try {
    const train = await loadFashionMnist({ normalize: true, download: { offline: true } });
    return { name: 'Fashion-MNIST', x: train.data, y: train.target };
  } catch (error) {
    console.log(`Fashion-MNIST is not installed (${(error as Error).message.split('\n')[0]}); timing on random data of its shape`);
    const random = new RandomGenerator(1);
    return { name: 'random, Fashion-MNIST-shaped', x: random.uniform([60_000, 784], 0, 1), y: random.integers([60_000], 0, 10) };
  }
}

function nntsNetwork(): Sequential {
  const random = new RandomGenerator(0);
  return new Sequential([
    new Dense(784, 300, { initializer: xavierHe('normal', 'relu'), random }), new ActivationLayer(new LeakyReLU()),
    new Dense(300, 100, { initializer: xavierHe('normal', 'relu'), random }), new ActivationLayer(new LeakyReLU()),
    new Dense(100, 10, { initializer: xavierHe('normal', 'sigmoid'), random }), new ActivationLayer(new Softmax()),
  ], { loss: new CrossEntropy() });
}

/** Whole epochs of nnts's fit loop on the active backend; the first is left out. */
function nntsWholeEpochs(x: Tensor, y: Tensor, epochs: number): number[] {
  const times: number[] = [];
  let start = 0;
  nntsNetwork().fit(x, y, {
    optimizer: new SGD({ learningRate: LEARNING_RATE }), epochs, batchSize: BATCH, verbose: 'silent',
    callbacks: [{ onEpochBegin: () => { start = performance.now(); }, onEpochEnd: () => { times.push(performance.now() - start); } }],
  });
  return times.slice(1);
}

/** The median batch of nnts's fit loop on the active backend, after warm-up, times the batches of an epoch. */
function nntsBatchEstimate(x: Tensor, y: Tensor, batches: number): { seconds: number; timings: number } {
  const times: number[] = [];
  let last = 0;
  nntsNetwork().fit(x, y, {
    optimizer: new SGD({ learningRate: LEARNING_RATE }), epochs: 1, batchSize: BATCH, verbose: 'silent',
    callbacks: [{
      onEpochBegin: () => { last = performance.now(); },
      onBatchEnd: (batch, _logs, context) => {
        const now = performance.now();
        if (batch >= 2) times.push(now - last);
        last = now;
        if (times.length >= 15) context.stop();
      },
    }],
  });
  return { seconds: seconds(median(times) * batches), timings: times.length };
}

const dataset = await data();
const samples = dataset.x.shape[0]!;
const batches = Math.ceil(samples / BATCH);

setBackend('wasm');
const wasmDetails = getBackend().details ?? null;
const wasmEpochs = nntsWholeEpochs(dataset.x, dataset.y, EPOCHS);
console.log(`nnts wasm (${wasmDetails}): ${wasmEpochs.map((t) => seconds(t)).join(', ')} s per epoch`);
setBackend('js');
const js = nntsBatchEstimate(dataset.x, dataset.y, batches);
console.log(`nnts TypeScript: ${js.seconds} s per epoch (median of ${js.timings} batches x ${batches})`);

await tf.setBackend('wasm');
await tf.ready();
const xs = tf.tensor2d(dataset.x.data as Float32Array, [samples, 784]);
const ys = tf.tensor1d(dataset.y.data as Float32Array, 'float32');
const model = tfl.sequential({
  layers: [
    tfl.layers.dense({ inputShape: [784], units: 300, kernelInitializer: 'heNormal' }), tfl.layers.leakyReLU({ alpha: 0.01 }),
    tfl.layers.dense({ units: 100, kernelInitializer: 'heNormal' }), tfl.layers.leakyReLU({ alpha: 0.01 }),
    tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: 'glorotNormal' }),
  ],
});
model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: 'sparseCategoricalCrossentropy' });
const tfjsEpochs: number[] = [];
let tfjsStart = 0;
const history = await model.fit(xs, ys, {
  epochs: Math.min(EPOCHS, 3), batchSize: BATCH, shuffle: true, verbose: 0,
  callbacks: { onEpochBegin: async () => { tfjsStart = performance.now(); }, onEpochEnd: async () => { tfjsEpochs.push(performance.now() - tfjsStart); } },
});
const tfjsTimed = tfjsEpochs.slice(1);
console.log(`TF.js ${tf.version_core} wasm: ${tfjsEpochs.map((t) => seconds(t)).join(', ')} s per epoch (the first left out), loss ${(history.history.loss as number[]).map((l) => l.toFixed(3)).join(', ')}`);

const wasmSeconds = seconds(median(wasmEpochs));
const tfjsSeconds = seconds(median(tfjsTimed));
const result = {
  benchmark: 'train-tfjs-wasm', network: '784-300-100-10 LeakyReLU, softmax, cross-entropy', data: dataset.name, samplesPerEpoch: samples,
  batchSize: BATCH, optimizer: `sgd ${LEARNING_RATE}`, date: new Date().toISOString(), node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverageBefore: Number(os.loadavg()[0]!.toFixed(2)),
  nntsWasm: { details: wasmDetails, secondsPerEpoch: wasmSeconds, method: 'whole epochs', timings: wasmEpochs.length },
  nntsTypeScript: { secondsPerEpoch: js.seconds, method: 'median batch x batches', timings: js.timings },
  tfjsWasm: {
    version: tf.version_core, backend: tf.getBackend(), secondsPerEpoch: tfjsSeconds, method: 'whole epochs', timings: tfjsTimed.length,
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  },
  speedUpOverTfjsWasm: Number((tfjsSeconds / wasmSeconds).toFixed(1)),
  speedUpOverTypeScript: Number((js.seconds / wasmSeconds).toFixed(1)),
};
console.log(JSON.stringify(result));
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}train-tfjs-wasm.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log('written to bench/results/train-tfjs-wasm.json');

// The floors, as ratios from this one run: at least 10x TF.js's WASM backend and 5x nnts's TypeScript backend.
for (const [what, ratio, floor] of [['TF.js wasm', result.speedUpOverTfjsWasm, 10], ['the TypeScript backend', result.speedUpOverTypeScript, 5]] as const) {
  if (ratio < floor) {
    console.error(`the wasm epoch is ${ratio}x ${what}'s, under the ${floor}x floor`);
    process.exitCode = 1;
  }
}
