import { LeakyReLU, Softmax } from '@nnts/activations';
import { makeSpiral } from '@nnts/datasets';
import { xavierHe } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { decisionRegionChart, historyChart } from '@nnts/report';
import type { Example } from '../example';
import { gridPredictions, points, round, stack } from '../helpers';

export const spiralExample: Example = {
  name: 'spiral', seedFile: '001', quick: true,
  title: 'Three interleaved spirals',
  description: 'Seed 001\'s spiral data (100 points per arm), a 2-64-64-3 network with Adam in full batches, then a generalisation check on 3,000 fresh points.',
  async run(context) {
    const random = new RandomGenerator(context.seed);
    const { data, target } = makeSpiral({ samplesPerClass: 100, classes: 3, random });
    const model = new Sequential(stack(2, [
      [64, new LeakyReLU({ alpha: 0.1 }), xavierHe('uniform', 'relu')], [64, new LeakyReLU({ alpha: 0.1 }), xavierHe('uniform', 'relu')], [3, new Softmax(), xavierHe('uniform', 'sigmoid')],
    ], random), { loss: new CrossEntropy() });
    const history = model.fit(data, target, { optimizer: new Adam({ learningRate: 0.02 }), epochs: context.epochs ?? 1500, batchSize: 300, random, metrics: ['accuracy'], verbose: context.verbose, callbacks: [context.recorder()] });
    const trainAccuracy = accuracy(target, model.predict(data));
    const fresh = makeSpiral({ samplesPerClass: 1000, classes: 3, random: new RandomGenerator(context.seed + 1) });
    const testAccuracy = accuracy(fresh.target, model.predict(fresh.data));
    context.log(`training accuracy ${trainAccuracy.toFixed(4)}, on 3,000 new points ${testAccuracy.toFixed(4)}`);
    const { grid, step } = gridPredictions(model, data, 70);
    await context.chart('decision-regions', 'decision regions', decisionRegionChart({ grid, step, points: points(data, target.data) }));
    await context.chart('history', 'loss and accuracy', historyChart(history.values));
    return { trainAccuracy: round(trainAccuracy), testAccuracy: round(testAccuracy) };
  },
};
