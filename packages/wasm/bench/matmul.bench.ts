// pnpm bench (in packages/wasm): the 500x784 @ 784x300 float32 product, the seed network's first
// layer at batch 500, on the WebAssembly kernels; the median of 30 runs after 5 warm-up runs (V8
// compiles the module's hot function again, optimised, after its first calls). The copies into and
// out of the module's memory are timed too. Writes bench/results/matmul-wasm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadWasmKernels } from '../src/index';

const [m, k, n] = [500, 784, 300];
let seed = 1;
const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const a = Float32Array.from({ length: m * k }, next);
const b = Float32Array.from({ length: k * n }, next);
const out = new Float32Array(m * n);
const kernels = loadWasmKernels();

function gflops(transposeA: boolean, transposeB: boolean): number {
  const times: number[] = [];
  for (let r = 0; r < 35; r++) {
    const started = performance.now();
    kernels.matmulF32(a, b, out, m, k, n, transposeA, transposeB, null);
    if (r >= 5) times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  return Number(((2 * m * k * n) / (times[Math.floor(times.length / 2)]! / 1000) / 1e9).toFixed(1));
}

const rows = [[false, false], [true, false], [false, true]].map(([transposeA, transposeB]) => ({
  product: `${m}x${k} @ ${k}x${n}${transposeA ? ', Aᵀ' : ''}${transposeB ? ', Bᵀ' : ''}`,
  gflops: gflops(transposeA!, transposeB!),
}));
for (const row of rows) console.log(JSON.stringify(row));
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}matmul-wasm.json`, `${JSON.stringify({
  benchmark: 'matmul-wasm', dtype: 'float32', details: kernels.details, date: new Date().toISOString(), node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown', loadAverageBefore: Number(os.loadavg()[0]!.toFixed(2)), rows,
}, null, 2)}\n`);
