// pnpm bench (in this package): GFLOP/s of the blocked matmul beside the naive triple loop, measured
// in the same process, for the shapes of the seed's MNIST network and a square 1024 product.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DType } from '../src/index';
import { RandomGenerator, getBackend, matmul, matmulNaive, zeros } from '../src/index';
import { machineDescription, medianSeconds } from './measure';

const SHAPES: [number, number, number][] = [[500, 784, 300], [500, 300, 100], [1024, 1024, 1024]];
const DTYPES: DType[] = ['float32', 'float64'];
const RUNS = Number(process.env.NNTS_BENCH_RUNS ?? 5);

interface Row {
  shape: string;
  dtype: DType;
  blocked: number;
  transposedA: number;
  transposedB: number;
  naive: number;
  speedup: number;
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
    const blocked = gflops(medianSeconds(() => matmul(a, b, { out }), RUNS));
    const transposedA = gflops(medianSeconds(() => matmul(aT, b, { out, transposeA: true }), RUNS));
    const transposedB = gflops(medianSeconds(() => matmul(a, bT, { out, transposeB: true }), RUNS));
    const naive = gflops(medianSeconds(() => matmulNaive(a.data, b.data, out.data, m, k, n, false, false), Math.min(RUNS, 3)));
    const row = { shape: `${m}x${k} @ ${k}x${n}`, dtype, blocked, transposedA, transposedB, naive, speedup: Number((blocked / naive).toFixed(1)) };
    rows.push(row);
    console.log(`${row.shape.padEnd(22)} ${dtype}  blocked ${blocked} GFLOP/s  (Aᵀ ${transposedA}, Bᵀ ${transposedB})  naive ${naive}  x${row.speedup}`);
  }
}

const result = { benchmark: 'matmul', backend: getBackend().name, runs: RUNS, statistic: 'median', ...machineDescription(), results: rows };
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}tensor.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwritten to bench/results/tensor.json`);

const square = rows.find((r) => r.shape.startsWith('1024') && r.dtype === 'float32');
if (square && square.speedup < 4) {
  console.error(`the blocked kernel is only ${square.speedup}x the naive loop on 1024x1024 float32 (expected at least 4x)`);
  process.exitCode = 1;
}
