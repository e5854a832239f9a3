// pnpm bench (in packages/wasm): TensorFlow.js's WASM backend (@tensorflow/tfjs-backend-wasm 4.22, the
// build it picks in Node: the JSON records whether SIMD and threads are on) on the same 500x784 @ 784x300 float32 product, in
// the same process as nnts's kernels: the ratio the issue asks for, measured in one run. The median
// of 30 runs after 5 warm-up runs, the result read back (dataSync), as nnts's timing includes copying
// its result out. Writes bench/results/matmul-tfjs-wasm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadWasmKernels } from '../src/index';

const [m, k, n] = [500, 784, 300];
let seed = 1;
const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const a = Float32Array.from({ length: m * k }, next);
const b = Float32Array.from({ length: k * n }, next);

function median(run: () => void): number {
  const times: number[] = [];
  for (let r = 0; r < 35; r++) {
    const started = performance.now();
    run();
    if (r >= 5) times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)]!;
}
const gflops = (ms: number): number => Number(((2 * m * k * n) / (ms / 1000) / 1e9).toFixed(1));

await tf.setBackend('wasm');
await tf.ready();
const ta = tf.tensor2d(a, [m, k]);
const tb = tf.tensor2d(b, [k, n]);
const tfjsMs = median(() => {
  const c = tf.matMul(ta, tb);
  c.dataSync();
  c.dispose();
});
const kernels = loadWasmKernels();
const oneThread = loadWasmKernels({ threads: 1 });
const out = new Float32Array(m * n);
const nntsMs = median(() => kernels.matmulF32(a, b, out, m, k, n, false, false, null));
// TF.js runs one thread in Node (no cross-origin isolation to enable its threaded build): nnts on one thread too, for the like-for-like ratio.
const oneThreadMs = median(() => oneThread.matmulF32(a, b, out, m, k, n, false, false, null));
const result = {
  benchmark: 'matmul-tfjs-wasm', product: `${m}x${k} @ ${k}x${n}`, dtype: 'float32', date: new Date().toISOString(), node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown', loadAverageBefore: Number(os.loadavg()[0]!.toFixed(2)),
  tfjs: {
    version: tf.version_core, backend: tf.getBackend(), gflops: gflops(tfjsMs),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  },
  nnts: { details: kernels.details, gflops: gflops(nntsMs), oneThreadGflops: gflops(oneThreadMs) },
  ratio: Number((tfjsMs / nntsMs).toFixed(2)),
  oneThreadRatio: Number((tfjsMs / oneThreadMs).toFixed(2)),
};
console.log(JSON.stringify(result));
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}matmul-tfjs-wasm.json`, `${JSON.stringify(result, null, 2)}\n`);

// The floor: at least twice TF.js's WASM backend on this product, measured in this one run.
if (result.ratio < 2) {
  console.error(`nnts's wasm product ran at ${result.ratio}x TF.js's WASM backend, under the 2x floor`);
  process.exitCode = 1;
}
