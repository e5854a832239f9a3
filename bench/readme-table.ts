// The last step of `pnpm bench`: writes the per-backend tables into README.md, between the
// `<!-- bench:backends -->` markers, from bench/results/{matmul,train,cnn,lstm}-{native,wasm,js}.json,
// pytorch-{cnn,lstm}.json and the TF.js comparisons (readme-wasm.ts). Fails when the two backends' accuracies differ by more than half a point,
// or their LSTM losses after the same steps from the same seed by more than LSTM_LOSS_TOLERANCE.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wasmLines } from './readme-wasm';

interface MatmulRow { shape: string; dtype: string; plain: number; transposedA: number; transposedB: number }
interface TrainRow { dtype: string; batchSize: number; optimizer: string; method: string; secondsPerEpoch: number }
interface CnnRow { network: string; gflopPerEpoch: number; secondsPerEpoch: number; method: string; testAccuracyAfterOneEpoch: number | null }
interface LstmResult { data: string; cores: number; loadAverageBefore?: number; samples: number; windows: number | null; targetChecksum: number; gflopPerBatch: number; msPerBatch: number; gflopPerSecond: number; timings: number; learningRate: number; lossAfterSteps: { steps: number; loss: number } }
interface TorchLstmRun { threads: number; loadAverageBefore?: number; msPerBatch: number; gflopPerSecond: number; timings: number; lossAfterSteps: { steps: number; loss: number } }
interface TorchLstmResult { torch: string; blas: string | null; targetChecksum: number; runs: TorchLstmRun[]; best: { msPerBatch: number; threads: number } }
interface TorchResult { torch: string; blas: string | null; best: Record<string, { epochSeconds: number; threads: number; testAccuracy: number }> }
interface Result<Row> { backend: string; details: string | null; date: string; node: string; cpu: string; cores: number; data?: string; results: Row[]; accuracy?: { setup: string; testAccuracy: number | null } }

const root = fileURLToPath(new URL('..', import.meta.url));
const readJson = <T>(name: string): T | null => {
  const file = `${root}bench/results/${name}.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
};
const read = <Row>(name: string): Result<Row> | null => readJson<Result<Row>>(name);
const matmul = { native: read<MatmulRow>('matmul-native'), wasm: read<MatmulRow>('matmul-wasm'), js: read<MatmulRow>('matmul-js') };
const train = { native: read<TrainRow>('train-native'), wasm: read<TrainRow>('train-wasm'), js: read<TrainRow>('train-js') };
const cnn = { native: read<CnnRow>('cnn-native'), wasm: read<CnnRow>('cnn-wasm'), js: read<CnnRow>('cnn-js') };
const torch = readJson<TorchResult>('pytorch-cnn');
const lstm = { native: readJson<LstmResult>('lstm-native'), wasm: readJson<LstmResult>('lstm-wasm'), js: readJson<LstmResult>('lstm-js') };
const torchLstm = readJson<TorchLstmResult>('pytorch-lstm');
// Float32 round-off in different summation orders, compounded over 20 Adam steps, stays far below this.
const LSTM_LOSS_TOLERANCE = 0.02;
const any = matmul.native ?? matmul.js ?? train.native ?? train.js;
if (!any) throw new Error('no results in bench/results: run pnpm bench first');

const cell = (value: number | undefined, unit = ''): string => (value === undefined ? '–' : `${value}${unit}`);
const lines: string[] = [];
lines.push(
  `Measured by \`pnpm bench\` on ${any.cpu} (${any.cores} cores), Node ${any.node}, ${any.date.slice(0, 10)}; each benchmark runs once per`,
  `backend in a process of its own. Native: ${matmul.native?.details ?? train.native?.details ?? 'not built'}; WebAssembly: ${matmul.wasm?.details ?? train.wasm?.details ?? 'not run'}. Raw numbers in \`bench/results/\`.`,
  '',
  '| matmul, GFLOP/s (median): plain, Aᵀ, Bᵀ | dtype | native | WebAssembly | TypeScript |',
  '| --- | --- | --- | --- | --- |',
);
for (const row of (matmul.js ?? matmul.native)!.results) {
  const find = (result: Result<MatmulRow> | null): string => {
    const r = result?.results.find((r) => r.shape === row.shape && r.dtype === row.dtype);
    return r ? `${r.plain}, ${r.transposedA}, ${r.transposedB}` : '–';
  };
  lines.push(`| ${row.shape} | ${row.dtype} | ${find(matmul.native)} | ${find(matmul.wasm)} | ${find(matmul.js)} |`);
}

// Reference figures from the issue tracker, measured on this machine with the same network and data.
const reference: Record<string, [string, string]> = {
  'float32 500 sgd': ['0.47 s', '137.9 s'],
  'float32 64 sgd': ['0.92 s', '161.5 s'],
};
lines.push(
  '',
  `One training epoch of the seed's MNIST network (784-300-100-10, LeakyReLU, softmax, cross-entropy) on ${train.native?.data ?? train.js?.data ?? 'no data'},`,
  '60,000 images, the real fit loop; PyTorch 1.13 (OpenBLAS) and TensorFlow.js 4.22 (pure-JS CPU backend) as measured on this machine in the issue tracker:',
  '',
  '| epoch | native | WebAssembly | TypeScript | PyTorch | TF.js pure JS |',
  '| --- | --- | --- | --- | --- | --- |',
);
for (const row of (train.native ?? train.js)!.results) {
  const find = (result: Result<TrainRow> | null): TrainRow | undefined =>
    result?.results.find((r) => r.dtype === row.dtype && r.batchSize === row.batchSize && r.optimizer === row.optimizer);
  const [n, w, j] = [find(train.native), find(train.wasm), find(train.js)];
  const [torch, tfjs] = reference[`${row.dtype} ${row.batchSize} ${row.optimizer}`] ?? ['', ''];
  const name = { sgd: 'SGD', adam: 'Adam' }[row.optimizer] ?? row.optimizer;
  lines.push(`| ${row.dtype}, batch ${row.batchSize}, ${name} | ${cell(n?.secondsPerEpoch, ' s')} | ${cell(w?.secondsPerEpoch, ' s')} | ${cell(j?.secondsPerEpoch, ' s')} | ${torch} | ${tfjs} |`);
}
const nativeAccuracy = train.native?.accuracy?.testAccuracy ?? null;
const wasmAccuracy = train.wasm?.accuracy?.testAccuracy ?? null;
const jsAccuracy = train.js?.accuracy?.testAccuracy ?? null;
if (nativeAccuracy !== null || jsAccuracy !== null) {
  lines.push(`| test accuracy, ${train.native?.accuracy?.setup ?? train.js?.accuracy?.setup} | ${nativeAccuracy ?? '–'} | ${wasmAccuracy ?? '–'} | ${jsAccuracy ?? '–'} | | |`);
}
lines.push('', 'Each epoch is whole epochs timed (median) where one takes seconds, else the median batch time times the batches in an epoch (the JSON says which).');

if (cnn.native ?? cnn.js) {
  const blas = torch?.blas?.includes('openblas') ? 'OpenBLAS' : torch?.blas ? 'the reference BLAS' : 'no BLAS recorded';
  lines.push(
    '',
    `One training epoch of two convolutional networks on ${cnn.native?.data ?? cnn.js?.data}, 60,000 images of [28, 28, 1], batch 64, Adam,`,
    `the real fit loop. PyTorch ${torch?.torch ?? ''} (Debian's python3-torch: oneDNN convolutions, ${blas} for dense layers; the faster`,
    'of 1 and 2 threads) trains the same networks in the same `pnpm bench` run (`bench/pytorch/cnn.py`). GFLOP counts every',
    "convolution and dense product of a training step (forward, weight and input gradients, but the first layer's input gradient):",
    '',
    '| epoch, batch 64, Adam | GFLOP | native | WebAssembly | TypeScript | PyTorch | native vs PyTorch | test accuracy after it: native, PyTorch |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  const names: Record<string, string> = { lenet: 'LeNet-5', keras: 'Keras mnist_cnn' };
  for (const row of (cnn.native ?? cnn.js)!.results) {
    const n = cnn.native?.results.find((r) => r.network === row.network);
    const w = cnn.wasm?.results.find((r) => r.network === row.network);
    const j = cnn.js?.results.find((r) => r.network === row.network);
    const t = torch?.best[row.network];
    const rate = (seconds: number | undefined): string => (seconds === undefined ? '–' : `${seconds} s (${Math.round(row.gflopPerEpoch / seconds)} GFLOP/s)`);
    const ratio = n && t ? `${(t.epochSeconds / n.secondsPerEpoch).toFixed(1)}x` : '–';
    const accuracies = `${n?.testAccuracyAfterOneEpoch ?? '–'}, ${t?.testAccuracy ?? '–'}`;
    const typescript = j ? `${Math.round(j.secondsPerEpoch).toLocaleString('en-US')} s` : '–';
    lines.push(`| ${names[row.network] ?? row.network} | ${Math.round(row.gflopPerEpoch)} | ${rate(n?.secondsPerEpoch)} | ${rate(w?.secondsPerEpoch)} | ${typescript} | ${t ? `${rate(t.epochSeconds)}, ${t.threads} thread${t.threads === 1 ? '' : 's'}` : '–'} | ${ratio} | ${accuracies} |`);
  }
  lines.push(
    '',
    'Native epochs are whole epochs timed (median of 3 to 7); TypeScript and WebAssembly ones, where an epoch is long, the median batch time times 938 batches; PyTorch one',
    'epoch per thread setting after a warm-up. Accuracies after one epoch from seed 0; PyTorch starts from its own initialisation.',
  );
}

if (lstm.native ?? lstm.js) {
  const first = (lstm.native ?? lstm.js)!;
  const blas = torchLstm?.blas?.includes('openblas') ? 'OpenBLAS' : torchLstm?.blas ? 'the reference BLAS' : 'no BLAS recorded';
  // The same checksum of the targets says PyTorch read, tokenised and windowed the corpus as nnts did.
  const sameData = torchLstm ? (torchLstm.targetChecksum === first.targetChecksum ? 'the same windows' : 'windows of the same shape') : '';
  lines.push(
    '',
    `Training batches of the Keras lstm_text_generation network on ${first.data}: ${first.samples.toLocaleString('en-US')} windows of 40 lowercased characters,`,
    `one-hot over 60 ids, LSTM(128), Dense(60) softmax on the last step, cross-entropy, Adam ${first.learningRate}, batch 128, the real fit loop.`,
    `PyTorch ${torchLstm?.torch ?? ''} (\`nn.LSTM\`, ${blas}) trains the same network on ${sameData || 'the same data'} in the same \`pnpm bench\` run (\`bench/pytorch/lstm.py\`).`,
    `GFLOP counts the products of a training step: ${first.gflopPerBatch} a batch, 2·B·T·4U·(2F+3U) for the LSTM (B 128, T 40, F 60, U 128: forward, weight`,
    "gradients and the state's gradient through U, but not the input gradient, which training skips) and 3·2·B·U·V for Dense(60):",
    '',
    `| batch of 128 | ms (median) | GFLOP/s | speed vs best PyTorch | loss after ${first.lossAfterSteps.steps} steps |`,
    '| --- | --- | --- | --- | --- |',
  );
  const best = torchLstm?.best.msPerBatch;
  const speed = (ms: number): string => (best === undefined ? '–' : `${(best / ms).toFixed(2)}x`);
  const row = (name: string, ms: number, gflopPerSecond: number, loss: number, timings: number): string =>
    `| ${name} | ${ms} (${timings} batches) | ${gflopPerSecond} | ${speed(ms)} | ${loss} |`;
  for (const [name, result] of [['native', lstm.native], ['WebAssembly', lstm.wasm], ['TypeScript', lstm.js]] as const) {
    lines.push(result ? row(name, result.msPerBatch, result.gflopPerSecond, result.lossAfterSteps.loss, result.timings) : `| ${name} | – | – | – | – |`);
  }
  for (const run of torchLstm?.runs ?? []) {
    lines.push(row(`PyTorch, ${run.threads} thread${run.threads === 1 ? '' : 's'}`, run.msPerBatch, run.gflopPerSecond, run.lossAfterSteps.loss, run.timings));
  }
  lines.push(
    '',
    'Medians after a warm-up of 3 batches (PyTorch: 5); native over about 20 s, TypeScript over the batches that fit in 20 s, PyTorch over',
    '15 s per thread setting. Both nnts backends train from seed 0 on the same batches; PyTorch starts from its own initialisation.',
  );
  // A 2-thread run on 2 cores shared with other busy processes waits for descheduled threads at every step: say how busy the machine was.
  const loads: [string, number | undefined][] = [
    ['native', lstm.native?.loadAverageBefore], ['WebAssembly', lstm.wasm?.loadAverageBefore], ['TypeScript', lstm.js?.loadAverageBefore],
    ...(torchLstm?.runs ?? []).map((run): [string, number | undefined] => [`PyTorch ${run.threads} thread${run.threads === 1 ? '' : 's'}`, run.loadAverageBefore]),
  ];
  const known = loads.filter(([, load]) => load !== undefined);
  if (known.length > 0) lines.push(`Load average before each run (${first.cores} cores): ${known.map(([name, load]) => `${name} ${load}`).join(', ')}.`);
}

lines.push(...wasmLines(readJson));

const readme = `${root}README.md`;
const text = readFileSync(readme, 'utf8');
const start = '<!-- bench:backends:start -->';
const end = '<!-- bench:backends:end -->';
const from = text.indexOf(start);
const to = text.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} section`);
writeFileSync(readme, `${text.slice(0, from + start.length)}\n${lines.join('\n')}\n${text.slice(to)}`);
console.log('README.md: backend tables updated');

for (const [name, value] of [['WebAssembly', wasmAccuracy], ['TypeScript', jsAccuracy]] as const) {
  if (nativeAccuracy !== null && value !== null && Math.abs(nativeAccuracy - value) > 0.005) {
    console.error(`native (${nativeAccuracy}) and ${name} (${value}) test accuracies differ by more than 0.5 points`);
    process.exitCode = 1;
  }
}
for (const [name, other] of [['WebAssembly', lstm.wasm], ['TypeScript', lstm.js]] as const) {
  if (lstm.native && other && Math.abs(lstm.native.lossAfterSteps.loss - other.lossAfterSteps.loss) > LSTM_LOSS_TOLERANCE) {
    console.error(`native (${lstm.native.lossAfterSteps.loss}) and ${name} (${other.lossAfterSteps.loss}) LSTM losses after ${lstm.native.lossAfterSteps.steps} steps differ by more than ${LSTM_LOSS_TOLERANCE}`);
    process.exitCode = 1;
  }
}
