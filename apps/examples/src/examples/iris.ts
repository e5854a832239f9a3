import { ELU, LeakyReLU, Softmax } from '@nnts/activations';
import { loadIris, standardize } from '@nnts/datasets';
import { xavierHe, zeros } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy, classificationReport, confusionMatrix } from '@nnts/metrics';
import { RandomGenerator } from '@nnts/tensor';
import { SGD, Sequential } from '@nnts/train';
import { confusionMatrixChart, historyChart } from '@nnts/report';
import type { Example } from '../example';
import { round, stack } from '../helpers';

export const irisExample: Example = {
  name: 'iris', seedFile: '000', quick: true,
  title: 'Iris: 4-100-50-3 with LeakyReLU, ELU and softmax',
  description: "Fisher's 150 flowers, standardised, trained in batches of 60 as the seed does.",
  async run(context) {
    const iris = loadIris();
    const x = standardize(iris.data);
    const random = new RandomGenerator(context.seed);
    const model = new Sequential(stack(4, [
      [100, new LeakyReLU({ alpha: 0.01 }), xavierHe('uniform', 'relu')],
      [50, new ELU(), xavierHe('normal', 'relu')],
      [3, new Softmax(), zeros()],
    ], random), { loss: new CrossEntropy() });
    const history = model.fit(x, iris.target, { optimizer: new SGD({ learningRate: 0.2 }), epochs: context.epochs ?? 500, batchSize: 60, random, metrics: ['accuracy'], verbose: context.verbose, callbacks: [context.recorder()] });
    const prediction = model.predict(x);
    const trainAccuracy = accuracy(iris.target, prediction);
    const report = classificationReport(iris.target, prediction, { classNames: iris.targetNames });
    context.log(report);
    context.text('classification report (training data)', report);
    await context.chart('history', 'loss and accuracy', historyChart(history.values));
    await context.chart('confusion-matrix', 'confusion matrix', confusionMatrixChart(confusionMatrix(iris.target, prediction).toArray() as number[][], { names: iris.targetNames }));
    return { trainAccuracy: round(trainAccuracy), testAccuracy: null };
  },
};
