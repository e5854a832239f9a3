import { ReLU, Sigmoid, Softmax } from '@nnts/activations';
import { StandardScaler, loadDigits, trainTestSplit } from '@nnts/datasets';
import { ActivationLayer, BatchNorm, Dense, Dropout, xavierHe } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy, confusionMatrix } from '@nnts/metrics';
import { RandomGenerator, astype, div, sliceRows } from '@nnts/tensor';
import { Adam, EarlyStopping, Sequential, checkGradients } from '@nnts/train';
import { confusionMatrixChart, historyChart, imageGridChart, lineChart } from '@nnts/report';
import type { Example } from '../example';
import { round } from '../helpers';

function digitsSplit(seed: number) {
  const digits = loadDigits();
  return { ...trainTestSplit(digits.data, digits.target, { testSize: 0.3, stratify: true, random: new RandomGenerator(seed) }), names: digits.targetNames };
}

export const regularisedExample: Example = {
  name: 'batchnorm-dropout', seedFile: '002', quick: true,
  title: 'Batch normalisation, dropout, Adam and L2 on handwritten digits',
  description: "Seed 002's configurable network (it trains on Kaggle's MNIST CSV; here the bundled 8x8 digits keep it offline): Dense-BatchNorm-ReLU-Dropout blocks, L2 on the weights, Adam, early stopping on a validation split.",
  async run(context) {
    const { xTrain, xTest, yTrain, yTest } = digitsSplit(context.seed);
    const scaler = new StandardScaler().fit(xTrain);
    const random = new RandomGenerator(context.seed);
    const block = (inputs: number, units: number) => [
      new Dense(inputs, units, { initializer: xavierHe('normal', 'relu'), random, l2: 1e-4 }), new BatchNorm(units), new ActivationLayer(new ReLU()), new Dropout({ rate: 0.2, random }),
    ];
    const model = new Sequential([...block(64, 128), ...block(128, 64), new Dense(64, 10, { initializer: xavierHe('normal', 'sigmoid'), random }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy() });
    context.log(model.summary({ print: false }));
    const stopper = new EarlyStopping({ patience: 8, restoreBestWeights: true });
    const history = model.fit(scaler.transform(xTrain), yTrain, {
      optimizer: new Adam({ learningRate: 0.003 }), epochs: context.epochs ?? 80, batchSize: 32, random, validationSplit: 0.15,
      metrics: ['accuracy'], verbose: context.verbose, callbacks: [stopper, context.recorder()],
    });
    const testAccuracy = accuracy(yTest, model.predict(scaler.transform(xTest)));
    context.log(`best epoch ${stopper.bestEpoch + 1}${stopper.stoppedEpoch >= 0 ? `, stopped after ${stopper.stoppedEpoch + 1}` : ''}; test accuracy ${testAccuracy.toFixed(4)}`);
    await context.chart('history', 'loss and accuracy, training and validation', historyChart(history.values));
    return { testAccuracy: round(testAccuracy), trainAccuracy: round(history.get('accuracy').at(-1)!), bestEpoch: stopper.bestEpoch + 1 };
  },
};

const hiddenUnits = 14;

function sigmoidNetwork(random: RandomGenerator, l2: number, dtype: 'float32' | 'float64' = 'float32'): Sequential {
  return new Sequential([
    new Dense(64, hiddenUnits, { initializer: xavierHe('uniform', 'sigmoid'), random, l2, dtype }), new ActivationLayer(new Sigmoid()),
    new Dense(hiddenUnits, 10, { initializer: xavierHe('uniform', 'sigmoid'), random, l2, dtype }), new ActivationLayer(new Softmax()),
  ], { loss: new CrossEntropy() });
}

export const gradientCheckExample: Example = {
  name: 'gradient-check', seedFile: '003', quick: true,
  title: 'Numerical gradient checking and a hyper-parameter log',
  description: "Seed 003's sigmoid network (400-14-10 on 20x20 digits there; 64-14-10 on the bundled 8x8 digits here) with L2: backpropagation checked against finite differences, then a log of trials over the L2 strength, each a run in the store.",
  async run(context) {
    const { xTrain, xTest, yTrain, yTest, names } = digitsSplit(context.seed);
    const random = new RandomGenerator(context.seed);
    const check = checkGradients(sigmoidNetwork(random, 1e-3, 'float64'), astype(div(sliceRows(xTrain, 0, 20), 16), 'float64'), astype(sliceRows(yTrain, 0, 20), 'float64'));
    context.log(`gradient check: worst relative error ${check.worst.toExponential(2)} over ${Object.keys(check.parameters).length} parameters and the input`);
    const trials: { l2: number; trainAccuracy: number; testAccuracy: number; runId: number | null }[] = [];
    let best: Sequential | null = null;
    for (const l2 of [0, 1e-4, 1e-3, 1e-2]) {
      const model = sigmoidNetwork(new RandomGenerator(context.seed), l2);
      const recorder = context.recorder({ name: `gradient-check-l2-${l2}`, hyperparameters: { l2, hiddenUnits } });
      model.fit(div(xTrain, 16), yTrain, { optimizer: new Adam({ learningRate: 0.01 }), epochs: context.epochs ?? 60, batchSize: 32, random: new RandomGenerator(context.seed), verbose: 'silent', callbacks: [recorder] });
      const trial = { l2, trainAccuracy: round(accuracy(yTrain, model.predict(div(xTrain, 16)))), testAccuracy: round(accuracy(yTest, model.predict(div(xTest, 16)))), runId: recorder.runId };
      trials.push(trial);
      if (!best || trial.testAccuracy >= Math.max(...trials.slice(0, -1).map((t) => t.testAccuracy))) best = model;
    }
    const log = ['l2,trainAccuracy,testAccuracy,runId', ...trials.map((t) => `${t.l2},${t.trainAccuracy},${t.testAccuracy},${t.runId}`)].join('\n');
    context.log('trials (also in the store: pnpm nnts runs list):', log);
    context.text('hyper-parameter trials (CSV)', log);
    await context.chart('trials', 'accuracy by L2 strength', lineChart(trials.flatMap((t, i) => [{ x: i, y: t.trainAccuracy, series: 'train' }, { x: i, y: t.testAccuracy, series: 'test' }]), { x: 'trial (l2 = 0, 1e-4, 1e-3, 1e-2)', y: 'accuracy' }));
    await context.chart('confusion-matrix', 'confusion matrix of the best trial', confusionMatrixChart(confusionMatrix(yTest, best!.predict(div(xTest, 16))).toArray() as number[][], { names: names }));
    const bestTrial = trials.reduce((a, b) => (b.testAccuracy > a.testAccuracy ? b : a));
    return { gradientCheckWorst: Number(check.worst.toExponential(2)), gradientsAgree: check.worst < 1e-6, bestL2: bestTrial.l2, testAccuracy: bestTrial.testAccuracy };
  },
};

export const weightsExample: Example = {
  name: 'weights', seedFile: '003', quick: true,
  title: 'What the network looks at',
  description: 'The 64 input weights of each of the 14 hidden units of a trained 64-14-10 sigmoid network, drawn as 8x8 images.',
  async run(context) {
    const { xTrain, xTest, yTrain, yTest } = digitsSplit(context.seed);
    const model = sigmoidNetwork(new RandomGenerator(context.seed), 1e-3);
    const history = model.fit(div(xTrain, 16), yTrain, { optimizer: new Adam({ learningRate: 0.01 }), epochs: context.epochs ?? 60, batchSize: 32, random: new RandomGenerator(context.seed), metrics: ['accuracy'], verbose: context.verbose, callbacks: [context.recorder()] });
    const w = (model.layers[0] as Dense).weights.value;
    const images = Array.from({ length: hiddenUnits }, (_, unit) => Array.from({ length: 64 }, (_, p) => w.get(p, unit)));
    await context.chart('hidden-units', 'input weights of each hidden unit', imageGridChart(images, { height: 8, captions: images.map((_, unit) => `unit ${unit}`), columns: 7 }));
    await context.chart('history', 'loss and accuracy', historyChart(history.values));
    return { testAccuracy: round(accuracy(yTest, model.predict(div(xTest, 16)))), hiddenUnits };
  },
};
