import { ReLU, Softmax } from '@nnts/activations';
import { StandardScaler, loadDigits, trainTestSplit } from '@nnts/datasets';
import { xavierHe } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy, classificationReport, confusionMatrix } from '@nnts/metrics';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, EarlyStopping, Sequential } from '@nnts/train';
import { confusionMatrixChart, historyChart, imageGridChart, weightHistogramChart } from '@nnts/report';
import type { Example } from '../example';
import { predictedClasses, round, stack } from '../helpers';

export const demoExample: Example = {
  name: 'demo', seedFile: '000', quick: true,
  title: 'nnts demo: handwritten digits',
  description: 'A 64-128-64-10 network learns the bundled 8x8 digits with a progress bar and a report page that follows the training live, stopping early once the validation loss stops improving and keeping its best epoch; the run is recorded in the store; then the classification report, the confusion matrix and test digits with their predictions.',
  async run(context) {
    const digits = loadDigits();
    const { xTrain, xTest, yTrain, yTest } = trainTestSplit(digits.data, digits.target, { testSize: 0.25, stratify: true, random: new RandomGenerator(context.seed) });
    const scaler = new StandardScaler().fit(xTrain);
    const random = new RandomGenerator(context.seed);
    const model = new Sequential(stack(64, [[128, new ReLU(), xavierHe('normal', 'relu')], [64, new ReLU(), xavierHe('normal', 'relu')], [10, new Softmax(), xavierHe('normal', 'sigmoid')]], random), {
      loss: new CrossEntropy(),
      callbacks: [context.recorder({ saveModelAs: 'digits-demo', hyperparameters: { hidden: [128, 64], batchSize: 32 } })],
    });
    context.log(model.summary({ print: false }), '');
    // The network fits the training digits within a few epochs (training accuracy 1.0 by epoch 6); after
    // that it only memorises them. Stop once the validation loss has not improved by 0.001 for 5 epochs
    // and go back to the best epoch's weights. The validation set is a fifth of the training set, so the
    // test set plays no part in choosing the model.
    const earlyStopping = new EarlyStopping({ monitor: 'valLoss', patience: 5, minDelta: 1e-3, restoreBestWeights: true });
    const epochs = context.epochs ?? 30;
    // The report in the output folder redraws its curves and weight histograms after every epoch, so it
    // can be watched in a browser while the network trains; the full report replaces it at the end.
    const live = await context.liveReport();
    const history = model.fit(scaler.transform(xTrain), yTrain, {
      optimizer: new Adam({ learningRate: 0.002 }), epochs, batchSize: 32, random,
      validationSplit: 0.2, metrics: ['accuracy'], verbose: context.verbose, callbacks: [earlyStopping, live],
    });
    const stopping = earlyStoppingSummary(earlyStopping, epochs, history.get('valLoss'));
    context.log('', stopping);
    context.text('early stopping', stopping);
    const prediction = model.predict(scaler.transform(xTest));
    const testAccuracy = accuracy(yTest, prediction);
    const report = classificationReport(yTest, prediction, { classNames: digits.targetNames });
    const counts = confusionMatrix(yTest, prediction).toArray() as number[][];
    context.log('', report, '', 'confusion matrix (rows: true digit, columns: predicted):', ...counts.map((row) => row.map((c) => String(c).padStart(4)).join('')));
    context.text('classification report (test set)', report);
    await context.chart('history', 'loss and accuracy by epoch', historyChart(history.values));
    await context.chart('weights', 'weights by parameter (of the epoch kept)', weightHistogramChart(model));
    await context.chart('confusion-matrix', 'confusion matrix (test set)', confusionMatrixChart(counts, { names: digits.targetNames }));
    const labels = predictedClasses(prediction);
    const shown = Array.from({ length: 24 }, (_, i) => i);
    const captions = shown.map((i) => `${labels[i] === yTest.get(i) ? '✓' : '✗'} #${i}: ${labels[i]}`);
    await context.chart('test-digits', 'test digits and what the network read', imageGridChart(shown.map((i) => xTest.data.subarray(i * 64, (i + 1) * 64)), { height: 8, captions }));
    const best = earlyStopping.bestEpoch;
    return {
      trainAccuracy: round(history.get('accuracy')[best]!), testAccuracy: round(testAccuracy),
      bestEpoch: best + 1, stoppedEpoch: earlyStopping.stoppedEpoch >= 0 ? earlyStopping.stoppedEpoch + 1 : null,
    };
  },
};

/** Where training stopped and which epoch's weights the model kept, in a sentence (epochs counted from 1). */
export function earlyStoppingSummary(stopping: EarlyStopping, epochs: number, valLoss: readonly number[]): string {
  const best = stopping.bestEpoch;
  const kept = `the weights of epoch ${best + 1} (validation loss ${valLoss[best]!.toFixed(4)}) were restored`;
  if (stopping.stoppedEpoch < 0) return `early stopping: trained all ${epochs} epochs; ${kept}`;
  return `early stopping: the validation loss had not improved for ${stopping.stoppedEpoch - best} epochs, so training stopped after epoch ${stopping.stoppedEpoch + 1} of ${epochs};\n${kept}`;
}
