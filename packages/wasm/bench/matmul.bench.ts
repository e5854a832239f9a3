// pnpm bench (in packages/wasm): the 500x784 @ 784x300 float32 product, the seed network's first
// layer at batch 500, on the WebAssembly backend and the TypeScript one in the same process; the
// median of 30 runs after 5 warm-up runs (V8 compiles the module's hot function again, optimised,
// after its first calls). Writes bench/results/matmul-wasm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Backend } from '@nnts/tensor';
import { RandomGenerator, jsBackend } from '@nnts/tensor';
import { loadWasmBackend } from '../src/index';

const [m, k, n] = [500, 784, 300];
const random = new RandomGenerator(1);
const a = random.normal([m, k]).data;
const b = random.normal([k, n]).data;
const out = new Float32Array(m * n);

function gflops(backend: Backend, transposeA: boolean, transposeB: boolean, runs: number): number {
  const times: number[] = [];
  for (let r = 0; r < runs + 5; r++) {
    const started = performance.now();
    backend.matmul(a, b, out, m, k, n, transposeA, transposeB, null);
    if (r >= 5) times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  return Number(((2 * m * k * n) / (times[Math.floor(times.length / 2)]! / 1000) / 1e9).toFixed(1));
}

const wasm = await loadWasmBackend();
const rows = [[false, false], [true, false], [false, true]].map(([transposeA, transposeB]) => ({
  product: `${m}x${k} @ ${k}x${n}${transposeA ? ', Aᵀ' : ''}${transposeB ? ', Bᵀ' : ''}`,
  wasmGflops: gflops(wasm, transposeA!, transposeB!, 30),
  typescriptGflops: gflops(jsBackend, transposeA!, transposeB!, 5),
}));
for (const row of rows) console.log(JSON.stringify(row));
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}matmul-wasm.json`, `${JSON.stringify({
  benchmark: 'matmul-wasm', dtype: 'float32', details: wasm.details, date: new Date().toISOString(), node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown', loadAverageBefore: Number(os.loadavg()[0]!.toFixed(2)), rows,
}, null, 2)}\n`);
