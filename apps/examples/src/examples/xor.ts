import { Sigmoid, Tanh } from '@nnts/activations';
import { makeXor } from '@nnts/datasets';
import { xavierHe } from '@nnts/layers';
import { BinaryCrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import { RandomGenerator, reshape } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { decisionRegionChart, historyChart } from '@nnts/report';
import type { Example } from '../example';
import { gridPredictions, points, round, stack } from '../helpers';

export const xorExample: Example = {
  name: 'xor', seedFile: '002', quick: true,
  title: 'XOR: the problem a single layer cannot solve',
  description: 'The four corners of the unit square, labelled by exclusive or, learnt by a 2-8-1 tanh network.',
  async run(context) {
    const random = new RandomGenerator(context.seed);
    const { data, target } = makeXor({ random });
    const y = reshape(target, [4, 1]);
    const model = new Sequential(stack(2, [[8, new Tanh(), xavierHe('uniform', 'tanh')], [1, new Sigmoid(), xavierHe('uniform', 'sigmoid')]], random), { loss: new BinaryCrossEntropy() });
    const history = model.fit(data, y, { optimizer: new Adam({ learningRate: 0.05 }), epochs: context.epochs ?? 300, batchSize: 4, random, verbose: context.verbose, callbacks: [context.recorder()] });
    const prediction = model.predict(data);
    context.log(...[0, 1, 2, 3].map((i) => `${data.get(i, 0)} xor ${data.get(i, 1)} -> ${prediction.get(i, 0).toFixed(4)}`));
    const { grid, step } = gridPredictions(model, data, 50);
    await context.chart('decision-regions', 'decision regions', decisionRegionChart({ grid, step, points: points(data, target.data) }));
    await context.chart('loss', 'loss', historyChart(history.values));
    return { trainAccuracy: round(accuracy(y, prediction)), finalLoss: round(history.get('loss').at(-1)!) };
  },
};
