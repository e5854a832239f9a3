// Part of `pnpm bench`, once per backend: training batches of the Keras lstm_text_generation network
// (40 one-hot characters of a 60-id vocabulary, LSTM(128), Dense(60) softmax on the last step,
// cross-entropy, batch 128) on the fortunes corpus, the real fit loop. One batch is the unit: the
// median milliseconds per batch after a warm-up, over as many batches as fit in NNTS_BENCH_SECONDS
// (at most MAX_TIMINGS), and never fewer than the batches the loss check needs.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { CharTokenizer, loadFortunes, oneHotSequences, textWindows } from '@nnts/datasets';
import { dense, lstm } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, gatherRows, getBackend } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';

const SECONDS = Number(process.env.NNTS_BENCH_SECONDS ?? 20);
const BATCH = 128;
const STEPS = 40;
const VOCABULARY = 60;
const UNITS = 128;
// Keras's example uses RMSprop(0.01); Adam at the same rate, as every other nnts benchmark trains with Adam.
const LEARNING_RATE = 0.01;
// The whole corpus one-hot would be ~830,000 windows x 40 x 60 float32 (8 GB): 200 batches of windows
// spread evenly over it stand in for it, and the timed run goes round them as often as it needs.
const SAMPLES = 200 * BATCH;
// The first batches allocate the step buffers and warm the JIT; their times are not kept.
const WARMUP_BATCHES = 3;
const MAX_TIMINGS = 600;
// Both backends report the loss of the batch after this many Adam steps from seed 0, with the same
// batches in the same order: they should agree to round-off.
const LOSS_AFTER_STEPS = 20;
const backend = getBackend();

interface TextData { name: string; x: Tensor; y: Tensor; windows: number | null; vocabulary: string | null }

/**
 * Fortunes as Keras's example prepares Nietzsche: lowercased characters (its `text.lower()`), here
 * the 58 most frequent plus padding and unknown as ids, windows of 40 with step 3, each with the next
 * id as its target; SAMPLES of them, evenly spaced so every file contributes.
 */
async function data(): Promise<TextData> {
  try {
    const corpus = await loadFortunes();
    const tokenizer = new CharTokenizer({ maxVocabulary: VOCABULARY, lowercase: true }).fit(corpus.text);
    if (tokenizer.vocabularySize !== VOCABULARY) throw new Error(`the corpus has only ${tokenizer.vocabularySize - 2} distinct characters`);
    const windows = textWindows(tokenizer.encode(corpus.text), { length: STEPS, step: 3 });
    const count = windows.targets.shape[0]!;
    const rows = Int32Array.from({ length: SAMPLES }, (_, i) => Math.floor((i * count) / SAMPLES));
    return {
      name: `fortunes (${corpus.files.length} files)`, x: oneHotSequences(gatherRows(windows.inputs, rows), VOCABULARY),
      y: gatherRows(windows.targets, rows), windows: count, vocabulary: tokenizer.vocabulary.slice(2).join(''),
    };
  } catch (error) {
    console.log(`the fortunes corpus is not usable (${(error as Error).message.split('\n')[0]}); timing on random characters of its shape`);
    const random = new RandomGenerator(1);
    return { name: 'random ids, fortunes-shaped', x: oneHotSequences(random.integers([SAMPLES, STEPS], 0, VOCABULARY), VOCABULARY), y: random.integers([SAMPLES], 0, VOCABULARY), windows: null, vocabulary: null };
  }
}

/**
 * GFLOP of one training batch, 2 x the multiply-adds of every product, counted from the shapes:
 * forward, the LSTM's input and recurrent products, 2·B·T·(F+U)·4U, and the dense one, 2·B·U·V;
 * backward, the weight gradients (the same sizes) and the input gradients (the same sizes), but the
 * LSTM's input gradient 2·B·T·F·4U, which training skips. So 2·B·T·4U·(2F+3U) + 3·2·B·U·V.
 * The cells' elementwise work, the bias and the optimiser are not counted.
 */
function trainingGflop(batch: number, steps: number, features: number, units: number, classes: number): number {
  const recurrent = 2 * batch * steps * 4 * units * (2 * features + 3 * units);
  const output = 3 * 2 * batch * units * classes;
  return (recurrent + output) / 1e9;
}

/** A checksum of the targets, Σ (i + 1)·y[i], for comparing the data with bench/pytorch/lstm.py's: exact in a double. */
function targetChecksum(y: Tensor): number {
  let sum = 0;
  for (let i = 0; i < y.size; i++) sum += (i + 1) * y.data[i]!;
  return sum;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dataset = await data();
// The machine may be shared: a high load explains a slow median.
const loadAverageBefore = Number(os.loadavg()[0]!.toFixed(2));
const model = new Sequential([lstm({ units: UNITS }), dense({ units: VOCABULARY, activation: 'softmax' })], { inputShape: [STEPS, VOCABULARY], loss: new CrossEntropy(), seed: 0 });
const batchTimes: number[] = [];
const losses: number[] = [];
let last = 0;
const started = performance.now();
model.fit(dataset.x, dataset.y, {
  optimizer: new Adam({ learningRate: LEARNING_RATE }), epochs: 1000, batchSize: BATCH, verbose: 'silent', random: new RandomGenerator(0),
  callbacks: [{
    onTrainBegin: () => {
      last = performance.now();
    },
    onBatchEnd: (_batch, logs, context) => {
      const now = performance.now();
      losses.push(logs.loss);
      if (losses.length > WARMUP_BATCHES) batchTimes.push(now - last);
      last = now;
      const enough = batchTimes.length >= MAX_TIMINGS || ((now - started) / 1000 > SECONDS && batchTimes.length >= 10);
      if (enough && losses.length > LOSS_AFTER_STEPS) context.stop();
    },
  }],
});

const msPerBatch = median(batchTimes);
const gflopPerBatch = trainingGflop(BATCH, STEPS, VOCABULARY, UNITS, VOCABULARY);
const result = {
  benchmark: 'lstm', data: dataset.name, windows: dataset.windows, samples: SAMPLES, vocabulary: dataset.vocabulary, targetChecksum: targetChecksum(dataset.y),
  network: `LSTM(${UNITS}) on [${STEPS}, ${VOCABULARY}] one-hot, Dense(${VOCABULARY}) softmax on the last step`, batchSize: BATCH, optimizer: 'adam', learningRate: LEARNING_RATE,
  backend: backend.name, details: backend.details ?? null, date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverageBefore,
  gflopPerBatch: Number(gflopPerBatch.toFixed(3)), msPerBatch: Number(msPerBatch.toFixed(2)), gflopPerSecond: Number((gflopPerBatch / (msPerBatch / 1000)).toFixed(1)),
  timings: batchTimes.length, warmupBatches: WARMUP_BATCHES, fastestMs: Number(Math.min(...batchTimes).toFixed(2)), slowestMs: Number(Math.max(...batchTimes).toFixed(2)),
  firstLoss: Number(losses[0]!.toFixed(4)), lossAfterSteps: { steps: LOSS_AFTER_STEPS, loss: Number(losses[LOSS_AFTER_STEPS]!.toFixed(4)) },
};
console.log(JSON.stringify(result));
const directory = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(directory, { recursive: true });
writeFileSync(`${directory}lstm-${backend.name}.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to bench/results/lstm-${backend.name}.json`);
