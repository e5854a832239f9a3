// Part of `pnpm bench`, once per backend: one training epoch of LeNet-5 and of the Keras mnist_cnn
// network on Fashion-MNIST (60,000 images of [28, 28, 1]; random images of that shape when it is not
// installed), batch 64, Adam, the real fit loop. Where an epoch is short (native) whole epochs are
// timed and the median reported; where it is long (TypeScript) the median batch time times the
// batches. The test accuracy after the first epoch from seed 0 is recorded where the epoch is run whole.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadFashionMnist } from '@nnts/datasets';
import { KernelLayer } from '@nnts/layers';
import { accuracy } from '@nnts/metrics';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, getBackend } from '@nnts/tensor';
import type { Sequential } from '@nnts/train';
import { Adam } from '@nnts/train';
import { kerasMnistCnn, lenet5 } from '../src/examples/cnn';

const SECONDS = Number(process.env.NNTS_BENCH_SECONDS ?? 30);
const backend = getBackend();

async function data(): Promise<{ name: string; x: Tensor; y: Tensor; test: [Tensor, Tensor] | null }> {
  try {
    const options = { normalize: true, layout: 'image', download: { offline: true } } as const;
    const [train, test] = await Promise.all([loadFashionMnist(options), loadFashionMnist({ ...options, split: 'test' })]);
    return { name: 'Fashion-MNIST', x: train.data, y: train.target, test: [test.data, test.target] };
  } catch (error) {
    console.log(`Fashion-MNIST is not installed (${(error as Error).message.split('\n')[0]}); timing on random images of its shape`);
    const random = new RandomGenerator(1);
    return { name: 'random, Fashion-MNIST-shaped', x: random.uniform([60_000, 28, 28, 1]), y: random.integers([60_000], 0, 10), test: null };
  }
}

/**
 * GFLOP of one training epoch: 2 x the multiply-adds of every convolution and dense product, forward,
 * weight gradient and input gradient (the same size each), but the first layer's input gradient,
 * which training skips. Counted from the layer shapes; biases, activations and pooling are not counted.
 */
function trainingGflop(model: Sequential, samples: number): number {
  const macs = model.layers.map((layer, i) => {
    if (!(layer instanceof KernelLayer)) return 0;
    const weights = layer.weights.value;
    const outputs = model.outputShapes[i]!;
    // A kernel [..., in, out] meets every output position: Dense's [in, out] once per sample.
    const positions = outputs.slice(0, -1).reduce((p, d) => p * d, 1);
    return positions * weights.size;
  }).filter((m) => m > 0);
  return (2 * (3 * macs.reduce((a, b) => a + b, 0) - macs[0]!) * samples) / 1e9;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Times epochs of `model` (see the file's comment); returns seconds per epoch, how, and the accuracy after epoch 1. */
function timeEpochs(model: Sequential, x: Tensor, y: Tensor, test: [Tensor, Tensor] | null): Record<string, number | string | null> {
  const batchSize = 64;
  const batches = Math.ceil(x.shape[0]! / batchSize);
  const epochTimes: number[] = [];
  const batchTimes: number[] = [];
  let wholeEpochs = true;
  let epochStart = 0;
  let last = 0;
  let testAccuracy: number | null = null;
  const started = performance.now();
  model.fit(x, y, {
    optimizer: new Adam(), epochs: 100, batchSize, verbose: 'silent', random: new RandomGenerator(0),
    callbacks: [{
      onEpochBegin: () => {
        epochStart = performance.now();
        last = epochStart;
      },
      onBatchEnd: (batch, _logs, context) => {
        const now = performance.now();
        if (batch >= 2) batchTimes.push(now - last); // the first batches allocate buffers and warm the JIT
        last = now;
        if (epochTimes.length === 0 && batch === 20 && ((now - epochStart) / 21) * batches > SECONDS * 1000) wholeEpochs = false;
        if (!wholeEpochs && (now - started) / 1000 > SECONDS / 2 && batchTimes.length >= 20) context.stop();
        if (batch === batches - 1) epochTimes.push(now - epochStart);
      },
      onEpochEnd: (epoch, _logs, context) => {
        // Outside the timed epoch: the accuracy after one epoch, to compare with PyTorch's.
        if (epoch === 0 && test) testAccuracy = Number(accuracy(test[1], model.predict(test[0])).toFixed(4));
        if (epochTimes.length >= 3 && (performance.now() - started) / 1000 > SECONDS) context.stop();
        if (epochTimes.length >= 7) context.stop();
      },
    }],
  });
  const secondsPerEpoch = wholeEpochs ? median(epochTimes) / 1000 : (median(batchTimes) * batches) / 1000;
  return {
    secondsPerEpoch: Number(secondsPerEpoch.toFixed(3)), method: wholeEpochs ? 'whole epochs' : 'median batch x batches',
    timings: wholeEpochs ? epochTimes.length : batchTimes.length, testAccuracyAfterOneEpoch: wholeEpochs ? testAccuracy : null,
  };
}

const dataset = await data();
const results: Record<string, unknown>[] = [];
for (const [name, build] of [['lenet', lenet5], ['keras', kerasMnistCnn]] as const) {
  const model = build(0);
  const row = { network: name, gflopPerEpoch: Number(trainingGflop(model, dataset.x.shape[0]!).toFixed(2)), ...timeEpochs(model, dataset.x, dataset.y, dataset.test) };
  results.push(row);
  console.log(JSON.stringify(row));
}
const result = {
  benchmark: 'cnn', data: dataset.name, samplesPerEpoch: dataset.x.shape[0], batchSize: 64, optimizer: 'adam',
  backend: backend.name, details: backend.details ?? null, date: new Date().toISOString(), node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, results,
};
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}cnn-${backend.name}.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to bench/results/cnn-${backend.name}.json`);
