import { LeakyReLU, Sigmoid } from '@nnts/activations';
import { StandardScaler, makeDisc } from '@nnts/datasets';
import { xavierHe } from '@nnts/layers';
import { BinaryCrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import { RandomGenerator, reshape } from '@nnts/tensor';
import { SGD, Sequential } from '@nnts/train';
import { decisionRegionChart, historyChart } from '@nnts/report';
import type { Example } from '../example';
import { gridPredictions, points, round, stack } from '../helpers';

export const circlesNnExample: Example = {
  name: 'circles-nn', seedFile: '000', quick: true,
  title: 'A disc that no line separates: 2-50-1 network',
  description: '1,500 points uniform in [-100, 100]², label 1 where x² + y² < 3000; a hidden layer of 50 LeakyReLU units and a sigmoid output learn the circle.',
  async run(context) {
    const random = new RandomGenerator(context.seed);
    const { data, target } = makeDisc({ random });
    const scaler = new StandardScaler().fit(data);
    const x = scaler.transform(data);
    const y = reshape(target, [target.size, 1]);
    const model = new Sequential(stack(2, [[50, new LeakyReLU({ alpha: 0.01 }), xavierHe('uniform', 'relu')], [1, new Sigmoid(), xavierHe('uniform', 'sigmoid')]], random), { loss: new BinaryCrossEntropy() });
    const history = model.fit(x, y, {
      optimizer: new SGD({ learningRate: 0.5, momentum: 0.9 }), epochs: context.epochs ?? 300, batchSize: 100, random,
      metrics: ['accuracy'], verbose: context.verbose, callbacks: [context.recorder()],
    });
    const trainAccuracy = accuracy(y, model.predict(x));
    context.log(`training accuracy ${trainAccuracy.toFixed(4)}`);
    const { grid, step } = gridPredictions(model, data, 70, (t) => scaler.transform(t), ['outside', 'inside']);
    await context.chart('decision-regions', 'decision regions', decisionRegionChart({ grid, step, points: points(data, target.data, ['outside', 'inside']) }));
    await context.chart('history', 'loss and accuracy', historyChart(history.values));
    return { trainAccuracy: round(trainAccuracy), testAccuracy: null };
  },
};
