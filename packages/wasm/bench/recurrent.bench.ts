// pnpm bench (in packages/wasm): the recurrent step kernels and the row movements of the module, the
// copies into and out of its memory included, against the TypeScript loops they replace
// (bench/recurrent-loops.ts), at the sizes the recurrent layers and the fit loop give them: the LSTM
// cell of LSTM(128) at batch 128 (apps/examples' lstm benchmark) and of LSTM(32) at batch 8, the GRU
// cell of GRU(32) at batch 64, swapLeadingAxes of that LSTM's [128, 40, 60] input and its
// [40, 128, 128] outputs, and gatherRows of a batch of 500 rows of 784 (the fit loop's batch assembly
// from the 60,000 rows of Fashion-MNIST, and from 2,000 and 1,000) and of an Embedding's lookup. The
// median of 21 runs after a warm-up. Writes bench/results/recurrent-wasm-float32.json (or -float64
// with the argument float64); packages/wasm/README.md states the routing these numbers decided.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadWasmKernels } from '../src/index';
import * as ts from './recurrent-loops';
import { kernelComparison } from './kernel-comparison';

type FloatArray = Float32Array | Float64Array;
const kernels = loadWasmKernels();
let seed = 11;
const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const values = (count: number, scale: number, f64: boolean): FloatArray => {
  const array = f64 ? new Float64Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) array[i] = next() * scale;
  return array;
};
const zeros = (count: number, f64: boolean): FloatArray => (f64 ? new Float64Array(count) : new Float32Array(count));

/**
 * The median of 21 runs after a warm-up of 10 runs and at least 0.2 s: V8 runs a module's functions
 * first as its baseline compiler (Liftoff) compiled them, and swaps in optimised code only once a
 * function has run for a while (GRU(32)'s cell measured 0.12 ms before, 0.08 ms after).
 */
function median(run: () => void): number {
  const warmUntil = performance.now() + 200;
  for (let r = 0; r < 10 || performance.now() < warmUntil; r++) run();
  const times: number[] = [];
  for (let r = 0; r < 21; r++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)]!;
}

const { rows, compare } = kernelComparison(median, { kernel: 24, size: 26 });

// One dtype a run (float32, or float64 with the argument float64): the TypeScript loops are timed while
// V8 has seen one array type, as in a program that trains in one dtype.
const dtype = process.argv[2] ?? 'float32';
if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`recurrent.bench.ts: expected the dtype float32 or float64, got ${dtype}`);
const f64 = dtype === 'float64';
const mark = f64 ? ', float64' : '';
// LSTM(128) at batch 128, and a small one (LSTM(32) at batch 8), where the fixed cost of a call counts.
for (const [batch, units] of [[128, 128], [8, 32]] as const) {
  const [gateSize, stateSize] = [batch * 4 * units, batch * units];
  const [xw, hu, cPrev] = [values(gateSize, 2, f64), values(gateSize, 2, f64), values(stateSize, 1, f64)];
  const [gates, c, tanhC, h] = [zeros(gateSize, f64), zeros(stateSize, f64), zeros(stateSize, f64), zeros(stateSize, f64)];
  const [dh, dc, dz] = [values(stateSize, 0.1, f64), values(stateSize, 0.1, f64), zeros(gateSize, f64)];
  ts.lstmCell(xw, hu, cPrev, gates, c, tanhC, h, batch, units);
  const size = `LSTM(${units}), batch ${batch}${mark}`;
  compare('lstmCell', size, () => kernels.lstmCell(xw, hu, cPrev, gates, c, tanhC, h, batch, units), () => ts.lstmCell(xw, hu, cPrev, gates, c, tanhC, h, batch, units));
  // dc is overwritten with dcPrev on every run; the values stay finite and of the same size.
  compare('lstmCellBackward', size, () => kernels.lstmCellBackward(gates, cPrev, tanhC, dh, dc, dz, batch, units), () => ts.lstmCellBackward(gates, cPrev, tanhC, dh, dc, dz, batch, units));
}
{
  const [batch, units] = [64, 32];
  const [gateSize, stateSize] = [batch * 3 * units, batch * units];
  const [xw, hu, hPrev] = [values(gateSize, 2, f64), values(gateSize, 2, f64), values(stateSize, 1, f64)];
  const [gates, h] = [zeros(gateSize, f64), zeros(stateSize, f64)];
  const [dh, dxw, dhu, dhPrev] = [values(stateSize, 0.1, f64), zeros(gateSize, f64), zeros(gateSize, f64), zeros(stateSize, f64)];
  ts.gruCell(xw, hu, hPrev, gates, h, batch, units);
  const size = `GRU(${units}), batch ${batch}${mark}`;
  compare('gruCell', size, () => kernels.gruCell(xw, hu, hPrev, gates, h, batch, units), () => ts.gruCell(xw, hu, hPrev, gates, h, batch, units));
  compare('gruCellBackward', size, () => kernels.gruCellBackward(gates, hu, hPrev, dh, dxw, dhu, dhPrev, batch, units), () => ts.gruCellBackward(gates, hu, hPrev, dh, dxw, dhu, dhPrev, batch, units));
}
for (const [outer, inner, width] of [[128, 40, 60], [40, 128, 128]] as const) {
  const x = values(outer * inner * width, 1, f64);
  const out = zeros(x.length, f64);
  compare('swapLeadingAxes', `[${outer}, ${inner}, ${width}]${mark}`, () => kernels.swapLeadingAxes(x, out, outer, inner, width), () => ts.swapLeadingAxes(x, out, outer, inner, width));
}

// A batch of 500 rows of 784 from 60,000, 2,000 and 1,000 rows; an Embedding(1000, 64)'s lookup of
// 128 sequences of 40 ids (more rows gathered than the table has).
for (const [source, count, width] of [[60_000, 500, 784], [2_000, 500, 784], [1_000, 500, 784], [1_000, 128 * 40, 64]] as const) {
  const x = values(source * width, 1, f64);
  const indices = Int32Array.from({ length: count }, () => Math.floor(((next() + 1) / 2) * source));
  const out = zeros(count * width, f64);
  compare('gatherRows', `${count} of ${source} rows of ${width}${mark}`, () => kernels.gatherRows(x, indices, out, source, width), () => ts.gatherRows(x, indices, out, width));
}

const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}recurrent-wasm-${dtype}.json`, `${JSON.stringify({
  benchmark: 'recurrent-wasm', dtype, details: kernels.details, date: new Date().toISOString(), node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown', loadAverageBefore: Number(os.loadavg()[0]!.toFixed(2)), rows,
}, null, 2)}\n`);
