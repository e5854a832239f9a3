import { Sigmoid, Softmax } from '@nnts/activations';
import { makeCircles, oneHot, standardize } from '@nnts/datasets';
import { ActivationLayer, Dense, zeros } from '@nnts/layers';
import { BinaryCrossEntropy, CrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, addOnesColumn, matmul, maxRelativeError, reshape, sub, tensor } from '@nnts/tensor';
import { SGD, Sequential } from '@nnts/train';
import { decisionRegionChart, historyChart } from '@nnts/report';
import type { Example, ExampleContext, Figures } from '../example';
import { gridPredictions, points, round } from '../helpers';

// The seed's logistic and softmax regression: the same weights three ways, gradient descent on the
// analytic gradient, the chain rule through layers step by step, and fit.

function circles(context: ExampleContext): { x: Tensor; labels: Tensor } {
  const data = makeCircles({ centers: [[-50, 0], [20, 30]], radii: [30, 35], random: new RandomGenerator(context.seed), dtype: 'float64' });
  return { x: standardize(data.data), labels: data.target };
}

function softmaxRows(scores: Tensor): Tensor {
  return tensor((scores.toArray() as number[][]).map((row) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  }), { dtype: 'float64' });
}

async function compareThreeWays(context: ExampleContext, kind: 'logistic' | 'softmax'): Promise<Figures> {
  const { x, labels } = circles(context);
  const n = x.shape[0]!;
  const epochs = context.epochs ?? 300;
  const learningRate = 0.5;
  const xConst = addOnesColumn(x, { position: 'last' });
  const y = kind === 'logistic' ? reshape(labels, [n, 1]) : oneHot(labels, { dtype: 'float64' });
  const outputs = kind === 'logistic' ? 1 : 2;
  // 1. The analytic gradient: θ -= α/n · Xᵀ(h(Xθ) - y).
  let theta = tensor(new Float64Array(3 * outputs), { shape: [3, outputs] });
  const hypothesis = (scores: Tensor): Tensor => (kind === 'logistic' ? tensor(scores.data.map((z) => 1 / (1 + Math.exp(-z))), { shape: scores.shape }) : softmaxRows(scores));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const gradient = matmul(xConst, sub(hypothesis(matmul(xConst, theta)), y), { transposeA: true }).scaleInPlace(learningRate / n);
    theta = sub(theta, gradient);
  }
  // 2. The chain rule through layers, one step at a time.
  const build = (): Sequential => new Sequential(
    [new Dense(2, outputs, { initializer: zeros(), dtype: 'float64' }), new ActivationLayer(kind === 'logistic' ? new Sigmoid() : new Softmax())],
    { loss: kind === 'logistic' ? new BinaryCrossEntropy() : new CrossEntropy() },
  );
  const stepwise = build();
  const optimizer = new SGD({ learningRate });
  for (let epoch = 0; epoch < epochs; epoch++) {
    const yPred = stepwise.forward(x, { training: true });
    const dLoss = stepwise.loss.backward(y, yPred);
    stepwise.backward(dLoss);
    optimizer.step(stepwise.namedParameters());
  }
  // 3. fit, one full batch per epoch, recorded in the store.
  const fitted = build();
  const history = fitted.fit(x, y, { optimizer: new SGD({ learningRate }), epochs, batchSize: n, shuffle: false, metrics: ['accuracy'], verbose: context.verbose, callbacks: [context.recorder()] });
  const weights = (model: Sequential): Tensor => (model.layers[0] as Dense).weightsWithBiasRow();
  const layersVsAnalytic = maxRelativeError(weights(stepwise), theta);
  const fitVsLayers = maxRelativeError(weights(fitted), weights(stepwise));
  context.log(
    `analytic θ:        ${JSON.stringify(Array.from(theta.data, (v) => round(v, 6)))}`,
    `through layers:    ${JSON.stringify(Array.from(weights(stepwise).data, (v) => round(v, 6)))}`,
    `with fit:          ${JSON.stringify(Array.from(weights(fitted).data, (v) => round(v, 6)))}`,
    `largest relative difference: layers vs analytic ${layersVsAnalytic.toExponential(2)}, fit vs layers ${fitVsLayers.toExponential(2)}: the weights agree`,
  );
  const trainAccuracy = accuracy(labels, fitted.predict(x));
  const { grid, step } = gridPredictions(fitted, x);
  await context.chart('decision-boundary', 'decision boundary (standardised data)', decisionRegionChart({ grid, step, points: points(x, labels.data) }));
  await context.chart('loss', 'training loss', historyChart(history.values));
  return { trainAccuracy: round(trainAccuracy), layersVsAnalytic: Number(layersVsAnalytic.toExponential(2)), fitVsLayers: Number(fitVsLayers.toExponential(2)), weightsAgree: layersVsAnalytic < 1e-9 && fitVsLayers < 1e-9 };
}

export const logisticExample: Example = {
  name: 'logistic', seedFile: '000', quick: true,
  title: 'Logistic regression three ways',
  description: 'Two circles of points; gradient descent on the analytic gradient, the chain rule through Dense + Sigmoid layers, and fit give the same weights.',
  run: (context) => compareThreeWays(context, 'logistic'),
};

export const softmaxExample: Example = {
  name: 'softmax', seedFile: '000', quick: true,
  title: 'Softmax regression three ways',
  description: 'The same circles with one-hot targets; the analytic softmax gradient Xᵀ(S - Y)/n, the chain rule through Dense + Softmax, and fit agree.',
  run: (context) => compareThreeWays(context, 'softmax'),
};
