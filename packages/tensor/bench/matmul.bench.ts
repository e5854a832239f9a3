// pnpm bench (in this package), once per backend: GFLOP/s of matmul for the shapes of the seed's MNIST
// network (batches of 500 and 64) and a square 1024 product, with each operand transposed too. On the
// TypeScript backend the naive triple loop is measured beside it, in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DType } from '../src/index';
import { RandomGenerator, getBackend, matmul, matmulNaive, zeros } from '../src/index';
import { machineDescription, medianSeconds } from './measure';

const SHAPES: [number, number, number][] = [[500, 784, 300], [64, 784, 300], [500, 300, 100], [1024, 1024, 1024]];
const DTYPES: DType[] = ['float32', 'float64'];
const backend = getBackend();
const native = backend.name === 'native';
// A native product takes about a millisecond, a WebAssembly one a few: take more timings of them.
const RUNS = Number(process.env.NNTS_BENCH_RUNS ?? (native ? 50 : backend.name === 'wasm' ? 20 : 5));
// The naive triple loop is the TypeScript backend's baseline; beside the compiled kernels it would only add minutes.
const withNaive = backend.name === 'js';

interface Row {
  shape: string;
  dtype: DType;
  plain: number;
  transposedA: number;
  transposedB: number;
  naive: number | null;
  speedup: number | null;
}

const random = new RandomGenerator(0);
const rows: Row[] = [];
for (const [m, k, n] of SHAPES) {
  for (const dtype of DTYPES) {
    const a = random.uniform([m, k], -1, 1, { dtype });
    const b = random.uniform([k, n], -1, 1, { dtype });
    const aT = random.uniform([k, m], -1, 1, { dtype });
    const bT = random.uniform([n, k], -1, 1, { dtype });
    const out = zeros([m, n], { dtype });
    const flops = 2 * m * k * n;
    const gflops = (seconds: number): number => Number((flops / seconds / 1e9).toFixed(2));
    const plain = gflops(medianSeconds(() => matmul(a, b, { out }), RUNS));
    const transposedA = gflops(medianSeconds(() => matmul(aT, b, { out, transposeA: true }), RUNS));
    const transposedB = gflops(medianSeconds(() => matmul(a, bT, { out, transposeB: true }), RUNS));
    const naive = !withNaive ? null : gflops(medianSeconds(() => matmulNaive(a.data, b.data, out.data, m, k, n, false, false), Math.min(RUNS, 3)));
    const row = { shape: `${m}x${k} @ ${k}x${n}`, dtype, plain, transposedA, transposedB, naive, speedup: naive ? Number((plain / naive).toFixed(1)) : null };
    rows.push(row);
    console.log(`${row.shape.padEnd(24)} ${dtype}  ${plain} GFLOP/s  (Aᵀ ${transposedA}, Bᵀ ${transposedB})${naive ? `  naive ${naive}  x${row.speedup}` : ''}`);
  }
}

const result = { benchmark: 'matmul', backend: backend.name, details: backend.details ?? null, runs: RUNS, statistic: 'median', ...machineDescription(), results: rows };
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}matmul-${backend.name}.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwritten to bench/results/matmul-${backend.name}.json`);

// The issue's floors on this kind of machine: native at least 150 GFLOP/s, TypeScript at least 4, on 500x784 @ 784x300 float32.
// WebAssembly's is a ratio to TF.js's WASM backend measured beside it (packages/wasm/bench/tfjs.bench.ts).
const target = rows.find((r) => r.shape === '500x784 @ 784x300' && r.dtype === 'float32')!;
const floor = native ? 150 : backend.name === 'wasm' ? 0 : 4;
for (const [name, value] of [['plain', target.plain], ['Aᵀ', target.transposedA], ['Bᵀ', target.transposedB]] as const) {
  if (value < floor) {
    console.error(`${backend.name} matmul 500x784 @ 784x300 float32 (${name}) ran at ${value} GFLOP/s, under the ${floor} GFLOP/s floor`);
    process.exitCode = 1;
  }
}
