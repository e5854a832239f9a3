import { ReLU, Linear } from '@nnts/activations';
import { StandardScaler, loadBostonHousing, trainTestSplit } from '@nnts/datasets';
import { xavierHe } from '@nnts/layers';
import { MeanSquaredError } from '@nnts/losses';
import { bootstrap, meanSquaredError, pearsonCorrelation, r2Score } from '@nnts/metrics';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, addOnesColumn, concat, gatherRows, inv, lstsq, matmul, reshape, sliceRows, std, sub, transpose } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { heatmapChart, histogramChart, layered, scatterChart } from '@nnts/report';
import type { Example } from '../example';
import { normalQuantile } from '../normal-quantile';
import { round, stack } from '../helpers';

export const housingExample: Example = {
  name: 'housing', seedFile: '000', quick: true,
  title: 'Boston housing: least squares on LSTAT, and a network',
  description: 'MEDV against LSTAT by ordinary least squares with standard errors, t statistics and R²; residual, Q-Q and bootstrap charts; correlations; then a 13-input network compared with least squares on a held-out part. (The B column encodes race; it is left out of the network.)',
  async run(context) {
    const housing = loadBostonHousing({ dtype: 'float64' });
    const n = housing.data.shape[0]!;
    const lstatColumn = housing.featureNames.indexOf('LSTAT');
    const lstat = gatherColumn(housing.data, lstatColumn);
    const y = reshape(housing.target, [n, 1]);
    const x = addOnesColumn(lstat, { position: 'last' }); // [LSTAT, 1], the seed's column order
    const beta = lstsq(x, y);
    const fitted = matmul(x, beta);
    const residuals = sub(y, fitted);
    const sigma = std(residuals).item();
    const covariance = inv(matmul(x, x, { transposeA: true })).scaleInPlace(sigma * sigma);
    const standardErrors = [0, 1].map((i) => Math.sqrt(covariance.get(i, i)));
    const t = [0, 1].map((i) => beta.get(i, 0) / standardErrors[i]!);
    const r2 = r2Score(y, fitted);
    context.log(
      `MEDV = ${beta.get(1, 0).toFixed(3)} + ${beta.get(0, 0).toFixed(3)} · LSTAT   (in $1000s)`,
      `standard errors ${standardErrors.map((s) => s.toFixed(4)).join(', ')}; t ${t.map((v) => v.toFixed(2)).join(', ')}; R² ${r2.toFixed(4)}`,
    );
    await context.chart('ols', 'MEDV by LSTAT with the least-squares line', layered(
      scatterChart(Array.from({ length: n }, (_, i) => ({ x: lstat.data[i]!, y: y.data[i]!, label: 'tracts' })), { x: 'LSTAT (%)', y: 'MEDV ($1000s)' }),
      { data: { values: Array.from({ length: n }, (_, i) => ({ x: lstat.data[i]!, y: fitted.data[i]! })) }, mark: { type: 'line', color: 'firebrick' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
    ));
    await context.chart('residuals', 'residuals against fitted values', scatterChart(Array.from({ length: n }, (_, i) => ({ x: fitted.data[i]!, y: residuals.data[i]!, label: 'residual' })), { x: 'fitted MEDV', y: 'residual' }));
    const sorted = Array.from(residuals.data).sort((a, b) => a - b);
    await context.chart('qq', 'normal Q-Q plot of the residuals', scatterChart(sorted.map((r, i) => ({ x: sigma * normalQuantile((i + 0.5) / n), y: r, label: 'quantiles' })), { x: 'normal quantiles', y: 'residual quantiles' }));
    const coefficients: { value: number; series: string }[] = [];
    for (const [xs, ys] of bootstrap(x, y, { random: new RandomGenerator(context.seed), resamples: 1000 })) {
      const b = lstsq(xs, ys);
      coefficients.push({ value: b.get(0, 0), series: 'β LSTAT' });
    }
    await context.chart('bootstrap', 'bootstrap distribution of the LSTAT coefficient (1000 resamples)', histogramChart(coefficients, { title: 'β LSTAT' }));
    const table = concat([housing.data, y], 1);
    const correlation = pearsonCorrelation(table, [...housing.featureNames, 'MEDV']);
    await context.chart('correlations', 'Pearson correlations', heatmapChart(correlation.matrix.toArray() as number[][], { names: correlation.columns }));
    // A network on every feature but B, against least squares on the same features, on a held-out fifth.
    const keep = housing.featureNames.map((_, i) => i).filter((i) => housing.featureNames[i] !== 'B');
    const features = transpose(gatherRows(transpose(housing.data), keep));
    const split = trainTestSplit(features, y, { testSize: 0.2, random: new RandomGenerator(context.seed) });
    const scaler = new StandardScaler().fit(split.xTrain);
    const olsBeta = lstsq(addOnesColumn(split.xTrain), split.yTrain);
    const olsTestR2 = r2Score(split.yTest, matmul(addOnesColumn(split.xTest), olsBeta));
    const random = new RandomGenerator(context.seed);
    const model = new Sequential(stack(keep.length, [[32, new ReLU(), xavierHe('normal', 'relu')], [16, new ReLU(), xavierHe('normal', 'relu')], [1, new Linear(), xavierHe('normal', 'sigmoid')]], random, 'float64'), { loss: new MeanSquaredError() });
    model.fit(scaler.transform(split.xTrain), split.yTrain, { optimizer: new Adam({ learningRate: 0.01 }), epochs: context.epochs ?? 200, batchSize: 32, random, verbose: context.verbose, callbacks: [context.recorder()] });
    const networkPrediction = model.predict(scaler.transform(split.xTest));
    const networkTestR2 = r2Score(split.yTest, networkPrediction);
    context.log(`held-out R²: least squares ${olsTestR2.toFixed(4)}, network ${networkTestR2.toFixed(4)} (test MSE ${meanSquaredError(split.yTest, networkPrediction).toFixed(2)})`);
    return {
      slopeLstat: round(beta.get(0, 0)), intercept: round(beta.get(1, 0)), standardErrorLstat: round(standardErrors[0]!), tLstat: round(t[0]!, 2),
      r2: round(r2), olsTestR2: round(olsTestR2), networkTestR2: round(networkTestR2), trainAccuracy: null, testAccuracy: null,
    };
  },
};

function gatherColumn(data: Tensor, column: number): Tensor {
  const rows = data.shape[0]!;
  return reshape(sliceRows(transpose(data), column, column + 1), [rows, 1]);
}
