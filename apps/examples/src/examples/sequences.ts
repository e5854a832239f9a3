import { CharTokenizer, loadFortunes, makeMarkovOrUniform, splitText, textWindows, trainTestSplit } from '@nnts/datasets';
import { bidirectional, dense, embedding, gru, lstm } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy, classificationReport, confusionMatrix } from '@nnts/metrics';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, tensor } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { confusionMatrixChart, historyChart, lineChart } from '@nnts/report';
import type { Example, ExampleContext, Figures } from '../example';
import { round } from '../helpers';

/** The classifier of the sequence-classification example: ids -> vectors, a GRU read both ways over the real steps, a softmax. */
export function sequenceClassifier(seed: number, vocabularySize: number, maxLength: number): Sequential {
  return new Sequential([
    embedding({ inputDim: vocabularySize, outputDim: 16, maskZero: true }),
    bidirectional({ layer: gru({ units: 32 }) }),
    dense({ units: 2, activation: 'softmax' }),
  ], { inputShape: [maxLength], loss: new CrossEntropy(), seed });
}

/**
 * What the best possible classifier answers: the likelihood ratio of the two sources depends only on
 * how many of a sequence's steps go to the successor id, (p·V + 1 - p)^k·(1 - p)^(T-1-k).
 */
function bayesPrediction(x: Tensor, lengths: Int32Array, tokens: number, p: number): number[] {
  const width = x.shape[1]!;
  return Array.from(lengths, (length, i) => {
    let successors = 0;
    for (let t = 1; t < length; t++) {
      const previous = x.data[i * width + t - 1]!;
      if (x.data[i * width + t] === (previous % tokens) + 1) successors++;
    }
    const logRatio = successors * Math.log(p * tokens + 1 - p) + (length - 1 - successors) * Math.log(1 - p);
    return logRatio > 0 ? 1 : 0;
  });
}

async function sequenceClassification(context: ExampleContext): Promise<Figures> {
  const random = new RandomGenerator(context.seed);
  const tokens = 20;
  const successorProbability = 0.8;
  const set = makeMarkovOrUniform({ samples: 12000, minLength: 8, maxLength: 24, tokens, successorProbability, random });
  const ids = Array.from({ length: set.lengths.length }, (_, i) => i);
  // Split indices rather than rows, to keep each test sequence's length for the Bayes classifier and the per-length table.
  const split = trainTestSplit(set.x, tensor(ids), { testSize: 0.25, random: random.fork() });
  const labelsOf = (rows: Tensor): Tensor => tensor(Array.from(rows.data, (i) => set.y.data[i]!));
  const lengthsOf = (rows: Tensor): Int32Array => Int32Array.from(rows.data, (i) => set.lengths[i]!);
  const [yTrain, yTest] = [labelsOf(split.yTrain), labelsOf(split.yTest)];
  const testLengths = lengthsOf(split.yTest);
  context.log(set.description);
  const model = sequenceClassifier(context.seed, set.vocabularySize, 24);
  context.log(model.summary({ print: false }));
  const history = model.fit(split.xTrain, yTrain, {
    optimizer: new Adam({ learningRate: 0.005 }), epochs: context.epochs ?? 8, batchSize: 64, random: random.fork(),
    metrics: ['accuracy'], validationData: [split.xTest, yTest], verbose: context.verbose, callbacks: [context.recorder()],
  });
  const prediction = model.predict(split.xTest);
  const testAccuracy = accuracy(yTest, prediction);
  const bayes = bayesPrediction(split.xTest, testLengths, tokens, successorProbability);
  const bayesAccuracy = bayes.filter((label, i) => label === yTest.data[i]).length / bayes.length;
  const report = classificationReport(yTest, prediction, { classNames: set.targetNames });
  context.log(report, `the best possible classifier (the likelihood ratio) gets ${round(bayesAccuracy)} of the same test sequences right`);
  context.text('classification report (3,000 test sequences)', report);
  // Accuracy by length: the padded steps of short sequences are masked, so short ones are read as well as long ones allow.
  const byLength = new Map<number, [number, number]>();
  const predicted = Array.from({ length: yTest.size }, (_, i) => (prediction.data[2 * i + 1]! > prediction.data[2 * i]! ? 1 : 0));
  testLengths.forEach((length, i) => {
    const [right, all] = byLength.get(length) ?? [0, 0];
    byLength.set(length, [right + (predicted[i] === yTest.data[i] ? 1 : 0), all + 1]);
  });
  const rows = [...byLength.entries()].sort((a, b) => a[0] - b[0]).map(([length, [right, all]]) => ({ x: length, y: right / all, series: 'network' }));
  await context.chart('history', 'loss and accuracy', historyChart(history.values));
  await context.chart('accuracy-by-length', 'test accuracy by sequence length', lineChart(rows, { x: 'length (steps before padding)', y: 'accuracy' }));
  await context.chart('confusion-matrix', 'confusion matrix (test)', confusionMatrixChart(confusionMatrix(yTest, prediction).toArray() as number[][], { names: set.targetNames }));
  return { testAccuracy: round(testAccuracy), bayesAccuracy: round(bayesAccuracy), trainAccuracy: round(history.get('accuracy').at(-1)!) };
}

export const sequenceClassificationExample: Example = {
  name: 'sequence-classification', seedFile: '', quick: false,
  title: 'Which source wrote the sequence: an Embedding with masking and a bidirectional GRU',
  description: 'Sequences of 8 to 24 ids, padded to 24 with 0: half drawn uniformly, half from a Markov chain that mostly steps to the next id. An Embedding (maskZero), a Bidirectional GRU(32) that skips the padding, a softmax; compared with the best possible classifier.',
  run: sequenceClassification,
};

/**
 * The char-rnn language model (Karpathy's): at every step of a window, the characters so far predict
 * the next one, so each window of 40 trains 40 predictions.
 */
export function charRnn(seed: number, vocabularySize: number, window: number): Sequential {
  return new Sequential([
    embedding({ inputDim: vocabularySize, outputDim: 32 }),
    lstm({ units: 256, returnSequences: true }),
    dense({ units: vocabularySize, activation: 'softmax' }),
  ], { inputShape: [window], loss: new CrossEntropy(), seed });
}

/** Draws an id from probabilities sharpened (temperature < 1) or flattened (> 1): p_i^(1/T), renormalised. */
export function sampleWithTemperature(probabilities: ArrayLike<number>, temperature: number, random: RandomGenerator): number {
  const weights = Array.from(probabilities, (p) => Math.exp(Math.log(Math.max(p, 1e-30)) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = random.nextFloat() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** `length` characters after `prompt`, one at a time from the model's prediction at the last step. */
export function generate(model: Sequential, tokenizer: CharTokenizer, prompt: string, length: number, temperature: number, random: RandomGenerator): string {
  const window = model.inputShape[0]!;
  const ids = [...tokenizer.encode(prompt)];
  const space = tokenizer.idOf(' ');
  const classes = tokenizer.vocabularySize;
  for (let i = 0; i < length; i++) {
    const context = ids.slice(-window);
    // A prompt shorter than the window is padded with spaces on the left, text the model has seen.
    while (context.length < window) context.unshift(space);
    const probabilities = Array.from(model.predict(tensor([context])).data.subarray((window - 1) * classes));
    // Id 0 pads and decodes to nothing: never write it.
    probabilities[0] = 0;
    ids.push(sampleWithTemperature(probabilities, temperature, random));
  }
  return tokenizer.decode(ids.slice(-length));
}

/** Windows of `length` ids and, for each step, the id after it: consecutive, non-overlapping pieces of `ids`. */
export function nextCharacterWindows(ids: Int32Array, length: number): { inputs: Tensor; targets: Tensor } {
  const { inputs: pieces } = textWindows(ids, { length: length + 1, step: length });
  const count = pieces.shape[0]!;
  const inputs = tensor(new Float32Array(count * length), { shape: [count, length] });
  const targets = tensor(new Float32Array(count * length), { shape: [count, length] });
  for (let w = 0; w < count; w++) {
    inputs.data.set(pieces.data.subarray(w * (length + 1), w * (length + 1) + length), w * length);
    targets.data.set(pieces.data.subarray(w * (length + 1) + 1, (w + 1) * (length + 1)), w * length);
  }
  return { inputs, targets };
}

const WINDOW = 40;

async function trainCharRnn(context: ExampleContext): Promise<Figures> {
  const corpus = await loadFortunes();
  const tokenizer = new CharTokenizer().fit(corpus.text);
  // The last tenth of the corpus is held out; its first 200,000 characters measure bits per character.
  const { train, validation } = splitText(corpus.text, 0.1);
  const trainWindows = nextCharacterWindows(tokenizer.encode(train), WINDOW);
  const validationWindows = nextCharacterWindows(tokenizer.encode(validation.slice(0, 200_000)), WINDOW);
  context.log(`${corpus.texts.length} fortunes, ${corpus.text.length} characters, ${tokenizer.vocabularySize} ids; ${trainWindows.inputs.shape[0]} training windows of ${WINDOW}`);
  const model = charRnn(context.seed, tokenizer.vocabularySize, WINDOW);
  context.log(model.summary({ print: false }));
  const history = model.fit(trainWindows.inputs, trainWindows.targets, {
    optimizer: new Adam({ learningRate: 0.004, clipNorm: 5 }), epochs: context.epochs ?? 10, batchSize: 128, random: new RandomGenerator(context.seed),
    learningRateSchedule: (epoch) => 0.004 * 0.85 ** epoch,
    validationData: [validationWindows.inputs, validationWindows.targets], verbose: context.verbose, callbacks: [context.recorder()],
  });
  const bitsPerCharacter = history.get('valLoss').map((nats) => nats / Math.LN2);
  await context.chart('bits-per-character', 'validation cross-entropy, bits per character', lineChart(bitsPerCharacter.map((y, epoch) => ({ x: epoch + 1, y, series: 'validation' })), { x: 'epoch', y: 'bits per character' }));
  const random = new RandomGenerator(context.seed);
  const samples = [0.2, 0.5, 1.0].map((temperature) => `temperature ${temperature}:\n${generate(model, tokenizer, 'The meaning of life is ', 300, temperature, random)}`);
  context.log(...samples);
  context.text('generated from "The meaning of life is " (seeded: the same seed prints the same text)', samples.join('\n\n'));
  return { validationBitsPerCharacter: round(bitsPerCharacter.at(-1)!, 3), trainBitsPerCharacter: round(history.get('loss').at(-1)! / Math.LN2, 3), vocabularySize: tokenizer.vocabularySize };
}

export const charRnnExample: Example = {
  name: 'char-rnn', seedFile: '', quick: false,
  title: 'A character-level LSTM language model on the fortunes corpus',
  description: "At every step of a 40-character window the characters so far predict the next: an Embedding(32), LSTM(256) and a softmax over the characters of Debian's fortunes corpus (apt install fortunes), Adam in batches of 128; reports validation bits per character and writes text from a prompt at three temperatures, seeded.",
  run: trainCharRnn,
};
