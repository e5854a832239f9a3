// pnpm bench (in packages/wasm): each elementwise kernel of the module, the copies into and out of its
// memory included, against the TypeScript loop it replaces (bench/typescript-loops.ts), at the sizes a
// training step gives them: activations of 500x300 (the seed network's first layer at batch 500),
// 64x128 and 128x512; optimiser updates of 235,500 and 30,100 parameters (its first two layers);
// softmax and cross-entropy of 500x10 and 64x10. The median of 21 runs after 10 warm-up runs, float32
// unless marked. Writes bench/results/elementwise-wasm.json; packages/wasm/README.md states the
// routing these numbers decided.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadWasmKernels } from '../src/index';
import * as ts from './typescript-loops';
import { kernelComparison } from './kernel-comparison';

type FloatArray = Float32Array | Float64Array;
const kernels = loadWasmKernels();
let seed = 7;
const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const values = (count: number, scale = 3, f64 = false): FloatArray => {
  const array = f64 ? new Float64Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) array[i] = next() * scale;
  return array;
};

function median(run: () => void): number {
  const times: number[] = [];
  for (let r = 0; r < 31; r++) {
    const started = performance.now();
    run();
    if (r >= 10) times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)]!;
}

const { rows, compare } = kernelComparison(median, { kernel: 28, size: 16 });

// The TypeScript backend runs every unary op through one loop and every binary op through another: in
// a program that uses several, each loop's call of its per-element function has seen several and V8
// no longer inlines it. Warm them so, as the backend is after a few batches; otherwise whichever op is
// timed first would run a loop specialised to it alone. (The activation loops are one per activation,
// the TypeScript side at its fastest: see typescript-loops.ts.)
{
  const x = values(64);
  const out = new Float32Array(64);
  for (let r = 0; r < 200; r++) {
    for (const op of Object.keys(ts.UNARY)) ts.unary(op, x, out, -1, 1);
    for (const op of Object.keys(ts.BINARY)) ts.binary(op, x, x, out);
  }
}

const activationSizes: [number, number][] = [[500, 300], [64, 128], [128, 512]];
for (const name of ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh']) {
  for (const [rows_, cols] of activationSizes) {
    const z = values(rows_ * cols);
    const a = new Float32Array(z.length);
    const g = values(z.length, 1);
    const dz = new Float32Array(z.length);
    ts.activation(name, z, a, 0.01);
    const size = `${rows_}x${cols}`;
    compare(`${name} forward`, size, () => kernels.activation(name, z, a, 0.01), () => ts.activation(name, z, a, 0.01));
    compare(`${name} backward`, size, () => kernels.activationBackward(name, g, z, a, dz, 0.01), () => ts.activationBackward(name, g, z, a, dz, 0.01));
  }
}
for (const f64 of [false, true]) {
  const z = values(500 * 300, 3, f64);
  const a = f64 ? new Float64Array(z.length) : new Float32Array(z.length);
  compare(`sigmoid forward${f64 ? ' float64' : ''}`, '500x300', () => kernels.activation('sigmoid', z, a, 0), () => ts.activation('sigmoid', z, a, 0));
}
for (const [rows_, cols] of [[500, 10], [64, 10]] as const) {
  const z = values(rows_ * cols);
  const p = new Float32Array(z.length);
  const labels = Float32Array.from({ length: rows_ }, (_, i) => i % cols);
  const dz = new Float32Array(z.length);
  compare('softmax', `${rows_}x${cols}`, () => kernels.softmax(z, p, rows_, cols), () => ts.softmax(z, p, rows_, cols));
  compare('softmaxCrossEntropyBackward', `${rows_}x${cols}`, () => kernels.softmaxCrossEntropyBackward(p, labels, true, dz, rows_, cols, 1e-7), () => ts.softmaxCrossEntropyBackward(p, labels, true, dz, rows_, cols, 1e-7));
}
for (const n of [235_500, 30_100]) {
  const size = `${n}`;
  const [w, g, m, v] = [values(n, 0.1), values(n, 0.01), values(n, 0.001), values(n, 0.0001).map(Math.abs)];
  compare('addScaled', size, () => kernels.addScaled(w!, g!, -1e-9), () => ts.addScaled(w!, g!, -1e-9));
  compare('sgdMomentum', size, () => kernels.sgdMomentum(w!, g!, m!, 1e-9, 0.9, false), () => ts.sgdMomentum(w!, g!, m!, 1e-9, 0.9, false));
  compare('rmsprop', size, () => kernels.rmsprop(w!, g!, v!, 1e-9, 0.9, 1e-7), () => ts.rmsprop(w!, g!, v!, 1e-9, 0.9, 1e-7));
  compare('adam', size, () => kernels.adam(w!, g!, m!, v!, 1e-9, 0.9, 0.999, 1e-8, 0.1, 0.001, 1), () => ts.adam(w!, g!, m!, v!, 1e-9, 0.9, 0.999, 1e-8, 0.1, 0.001, 1));
  compare('allFinite', size, () => kernels.allFinite(g!), () => ts.allFinite(g!));
}
{
  const x = values(500 * 300);
  const out = new Float32Array(x.length);
  const bits = new Uint32Array(x.length);
  ts.randomBits(new Int32Array([1, 2, 3, 4]), bits);
  compare('reduce sum (bias gradient)', '500x300 -> 300', () => kernels.reduceSum(x, out.subarray(0, 300), 1, 500, 300), () => ts.reduceSum(x, out.subarray(0, 300), 1, 500, 300));
  compare('dropout', '500x300', () => kernels.dropout(bits, 2 ** 31, 2, x, out), () => ts.dropout(bits, 2 ** 31, 2, x, out));
  const state = new Int32Array([1, 2, 3, 4]);
  compare('randomBits', '150000', () => kernels.randomBits(state, bits), () => ts.randomBits(state, bits));
  for (const op of ['neg', 'abs', 'exp', 'sqrt', 'square', 'tanh', 'sign', 'clip']) {
    compare(`unary ${op}`, '500x300', () => kernels.unary(op, x, out, -1, 1), () => ts.unary(op, x, out, -1, 1));
  }
  const y = values(x.length);
  for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'equal', 'less']) {
    compare(`binary ${op}`, '500x300', () => kernels.binary(op, x, y, out), () => ts.binary(op, x, y, out));
  }
  compare('binary mul by a scalar', '500x300', () => kernels.binary('mul', x, y.subarray(0, 1), out), () => ts.binary('mul', x, y.subarray(0, 1), out));
}

// Small arrays, where the fixed cost of a call into the module (placing, copying, views) may lose to
// the loop: where the routing switches from the loop to the module.
for (const n of [16, 64, 256, 1024]) {
  const x = values(n);
  const y = values(n);
  const out = new Float32Array(n);
  const [m, v] = [values(n, 0.01), values(n, 0.001).map(Math.abs)];
  compare('leakyRelu forward', `${n}`, () => kernels.activation('leakyRelu', x, out, 0.01), () => ts.activation('leakyRelu', x, out, 0.01));
  compare('addScaled', `${n}`, () => kernels.addScaled(out, x, -1e-9), () => ts.addScaled(out, x, -1e-9));
  compare('adam', `${n}`, () => kernels.adam(out, x, m, v, 1e-9, 0.9, 0.999, 1e-8, 0.1, 0.001, 1), () => ts.adam(out, x, m, v, 1e-9, 0.9, 0.999, 1e-8, 0.1, 0.001, 1));
  compare('binary mul', `${n}`, () => kernels.binary('mul', x, y, out), () => ts.binary('mul', x, y, out));
  compare('reduce sum', `${n} -> 1`, () => kernels.reduceSum(x, out.subarray(0, 1), 1, n, 1), () => ts.reduceSum(x, out.subarray(0, 1), 1, n, 1));
}

const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}elementwise-wasm.json`, `${JSON.stringify({
  benchmark: 'elementwise-wasm', details: kernels.details, date: new Date().toISOString(), node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown', loadAverageBefore: Number(os.loadavg()[0]!.toFixed(2)), rows,
}, null, 2)}\n`);

