// Once per backend (NNTS_BACKEND=native or js): the convolution and pooling ops of LeNet-5 and of Keras's
// mnist_cnn at batch 64, float32, through the public ops with preallocated outputs. Microseconds per
// op per batch (median) and GFLOP/s, 2·B·OH·OW·F·kh·kw·C per convolution product.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Padding, Tensor } from '../src/index';
import { RandomGenerator, conv2d, conv2dBackpropFilter, conv2dBackpropInput, getBackend, maxPool2d, maxPool2dBackprop, zeros } from '../src/index';
import { machineDescription, medianSeconds } from './measure';

const backend = getBackend();
const native = backend.name === 'native';
// A native op takes tens of microseconds to a few milliseconds: take many timings of it.
const RUNS = Number(process.env.NNTS_BENCH_RUNS ?? (native ? 100 : 3));
const BATCH = 64;
const random = new RandomGenerator(0);

interface Row {
  network: string;
  layer: string;
  op: string;
  shape: string;
  microseconds: number;
  gflops: number | null;
}
const rows: Row[] = [];

function record(network: string, layer: string, op: string, shape: string, flops: number | null, work: () => void): void {
  const seconds = medianSeconds(work, RUNS);
  const row = { network, layer, op, shape, microseconds: Number((seconds * 1e6).toFixed(1)), gflops: flops === null ? null : Number((flops / seconds / 1e9).toFixed(2)) };
  rows.push(row);
  console.log(`${`${network} ${layer}`.padEnd(18)} ${op.padEnd(21)} ${shape.padEnd(34)} ${String(row.microseconds).padStart(9)} µs${row.gflops === null ? '' : `  ${String(row.gflops).padStart(7)} GFLOP/s`}`);
}

/** The products of one convolution layer; the first layer of a network needs no input gradient. */
function convLayer(network: string, layer: string, input: [number, number, number], kernel: [number, number, number], padding: Padding, withInput: boolean): void {
  const [h, w, c] = input;
  const [kh, kw, f] = kernel;
  const x = random.uniform([BATCH, h, w, c], -1, 1);
  const k = random.uniform([kh, kw, c, f], -0.5, 0.5);
  const bias = random.uniform([f], -0.1, 0.1);
  const y = conv2d(x, k, { padding, bias });
  const [, oh, ow] = y.shape as [number, number, number, number];
  const dy = random.uniform(y.shape, -1, 1);
  const dx = zeros(x.shape);
  const dk = zeros(k.shape);
  const flops = 2 * BATCH * oh * ow * f * kh * kw * c;
  const shape = `[${BATCH},${h},${w},${c}] * [${kh},${kw},${c},${f}] ${padding}`;
  record(network, layer, 'conv2d', shape, flops, () => conv2d(x, k, { padding, bias, out: y }));
  record(network, layer, 'conv2dBackpropFilter', shape, flops, () => conv2dBackpropFilter(x, dy, k.shape, { padding, out: dk }));
  if (withInput) record(network, layer, 'conv2dBackpropInput', shape, flops, () => conv2dBackpropInput(dy, k, x.shape, { padding, out: dx }));
}

function poolLayer(network: string, layer: string, input: [number, number, number]): void {
  const x: Tensor = random.uniform([BATCH, ...input], -1, 1);
  const out = maxPool2d(x);
  const indices = new Int32Array(out.size);
  const dy = random.uniform(out.shape, -1, 1);
  const dx = zeros(x.shape);
  const shape = `[${BATCH},${input.join(',')}] 2x2`;
  record(network, layer, 'maxPool2d', shape, null, () => maxPool2d(x, { indices, out }));
  record(network, layer, 'maxPool2dBackprop', shape, null, () => maxPool2dBackprop(dy, indices, x.shape, { out: dx }));
}

convLayer('LeNet-5', 'conv1', [28, 28, 1], [5, 5, 6], 'same', false);
poolLayer('LeNet-5', 'pool1', [28, 28, 6]);
convLayer('LeNet-5', 'conv2', [14, 14, 6], [5, 5, 16], 'valid', true);
poolLayer('LeNet-5', 'pool2', [10, 10, 16]);
convLayer('mnist_cnn', 'conv1', [28, 28, 1], [3, 3, 32], 'valid', false);
convLayer('mnist_cnn', 'conv2', [26, 26, 32], [3, 3, 64], 'valid', true);
poolLayer('mnist_cnn', 'pool', [24, 24, 64]);

const total = (network: string): number => Number(rows.filter((r) => r.network === network).reduce((s, r) => s + r.microseconds, 0).toFixed(1));
const totals = { 'LeNet-5': total('LeNet-5'), mnist_cnn: total('mnist_cnn') };
console.log(`\nper batch of ${BATCH}, convolution and pooling ops of a training step: LeNet-5 ${totals['LeNet-5']} µs, mnist_cnn ${totals.mnist_cnn} µs`);

const result = { benchmark: 'conv', backend: backend.name, details: backend.details ?? null, runs: RUNS, statistic: 'median', batch: BATCH, dtype: 'float32', ...machineDescription(), totals, results: rows };
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}conv-${backend.name}.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to bench/results/conv-${backend.name}.json`);
