import { Linear, ReLU, Sigmoid } from '@nnts/activations';
import { StandardScaler, makeMoons, makeRegression, trainTestSplit } from '@nnts/datasets';
import { xavierHe } from '@nnts/layers';
import { BinaryCrossEntropy, MeanSquaredError } from '@nnts/losses';
import { accuracy, r2Score } from '@nnts/metrics';
import { RandomGenerator, linspace, reshape } from '@nnts/tensor';
import type { Optimizer } from '@nnts/train';
import { Adam, SGD, Sequential } from '@nnts/train';
import { decisionRegionChart, layered, lineChart, scatterChart } from '@nnts/report';
import type { Example } from '../example';
import { curveRows, gridPredictions, points, round, stack } from '../helpers';

// Seed 004: the same small network trained with SGD and with Adam, from the same seed, on moons and on
// a noisy regression, with validation data and history.

const optimizers = (): [string, Optimizer][] => [['sgd', new SGD({ learningRate: 0.01 })], ['adam', new Adam({ learningRate: 0.01 })]];

export const moonsExample: Example = {
  name: 'moons', seedFile: '004', quick: true,
  title: 'Moons: SGD versus Adam',
  description: 'make_moons(1500, noise 0.1), a 2-32-32-1 ReLU network trained from one seed with SGD and with Adam; decision regions of the Adam model.',
  async run(context) {
    const data = makeMoons({ samples: 1500, noise: 0.1, random: new RandomGenerator(context.seed) });
    const split = trainTestSplit(data.data, reshape(data.target, [1500, 1]), { testSize: 0.2, random: new RandomGenerator(context.seed) });
    const curves: Record<string, number[]> = {};
    const figures: Record<string, number> = {};
    let adamModel: Sequential | null = null;
    for (const [name, optimizer] of optimizers()) {
      const random = new RandomGenerator(context.seed);
      const model = new Sequential(stack(2, [[32, new ReLU(), xavierHe('normal', 'relu')], [32, new ReLU(), xavierHe('normal', 'relu')], [1, new Sigmoid(), xavierHe('normal', 'sigmoid')]], random), { loss: new BinaryCrossEntropy() });
      const history = model.fit(split.xTrain, split.yTrain, { optimizer, epochs: context.epochs ?? 60, batchSize: 32, random, validationData: [split.xTest, split.yTest], metrics: ['accuracy'], verbose: context.verbose, callbacks: [context.recorder({ name: `moons-${name}` })] });
      curves[`${name} loss`] = [...history.get('loss')];
      curves[`${name} valLoss`] = [...history.get('valLoss')];
      figures[`${name}TestAccuracy`] = round(accuracy(split.yTest, model.predict(split.xTest)));
      if (name === 'adam') adamModel = model;
    }
    context.log(`test accuracy: SGD ${figures.sgdTestAccuracy}, Adam ${figures.adamTestAccuracy}`);
    await context.chart('history', 'SGD and Adam from one seed', lineChart(curveRows(curves), { x: 'epoch', y: 'loss' }));
    const { grid, step } = gridPredictions(adamModel!, data.data, 70);
    await context.chart('decision-regions', 'decision regions (Adam)', decisionRegionChart({ grid, step, points: points(data.data, data.target.data) }));
    return { ...figures, testAccuracy: figures.adamTestAccuracy! };
  },
};

export const regressionExample: Example = {
  name: 'regression', seedFile: '004', quick: true,
  title: 'Regression: SGD versus Adam',
  description: 'make_regression(1500 samples, 1 feature, noise 0.1), standardised, fitted by a 1-16-1 network with SGD and with Adam.',
  async run(context) {
    const data = makeRegression({ samples: 1500, features: 1, noise: 0.1, random: new RandomGenerator(context.seed) });
    const xScaler = new StandardScaler().fit(data.data);
    const yColumn = reshape(data.target, [1500, 1]);
    const yScaler = new StandardScaler().fit(yColumn);
    const split = trainTestSplit(xScaler.transform(data.data), yScaler.transform(yColumn), { testSize: 0.2, random: new RandomGenerator(context.seed) });
    const curves: Record<string, number[]> = {};
    const figures: Record<string, number> = {};
    const line = linspace(-3, 3, 100);
    const fits: { x: number; y: number; series: string }[] = Array.from(split.xTest.data, (x, i) => ({ x, y: split.yTest.data[i]!, series: 'test data' }));
    for (const [name, optimizer] of optimizers()) {
      const random = new RandomGenerator(context.seed);
      const model = new Sequential(stack(1, [[16, new ReLU(), xavierHe('normal', 'relu')], [1, new Linear(), xavierHe('normal', 'sigmoid')]], random), { loss: new MeanSquaredError() });
      const history = model.fit(split.xTrain, split.yTrain, { optimizer, epochs: context.epochs ?? 40, batchSize: 32, random, validationData: [split.xTest, split.yTest], verbose: context.verbose, callbacks: [context.recorder({ name: `regression-${name}` })] });
      curves[`${name} loss`] = [...history.get('loss')];
      curves[`${name} valLoss`] = [...history.get('valLoss')];
      figures[`${name}TestR2`] = round(r2Score(split.yTest, model.predict(split.xTest)));
      const predicted = model.predict(reshape(line, [100, 1]));
      fits.push(...Array.from(line.data, (x, i) => ({ x, y: predicted.data[i]!, series: `${name} fit` })));
    }
    context.log(`test R²: SGD ${figures.sgdTestR2}, Adam ${figures.adamTestR2}`);
    await context.chart('history', 'SGD and Adam from one seed', lineChart(curveRows(curves), { x: 'epoch', y: 'mean squared error' }));
    const axes = { x: 'x (standardised)', y: 'y (standardised)' };
    const testPoints = fits.filter((f) => f.series === 'test data').map((f) => ({ x: f.x, y: f.y, label: f.series }));
    await context.chart('fit', 'the fitted curves over the test data', layered(scatterChart(testPoints, axes), lineChart(fits.filter((f) => f.series !== 'test data'), axes)));
    return { ...figures, testR2: figures.adamTestR2! };
  },
};
