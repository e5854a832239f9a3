// What a TypeScript user writes against every package. tests/consumer.test.ts type-checks copies of it
// as an ES module (.mts), as CommonJS (.cts, where each import becomes a require) and under bundler
// resolution (.ts), with --strict and without skipLibCheck, in a project that has no @types installed.
import { loadIris, standardize, terminalProgress } from '@nnts/datasets';
import { dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import type { NativeIsa } from '@nnts/native';
import { historyChart, liveReport } from '@nnts/report';
import type { ChartSpec, LiveReport } from '@nnts/report';
import { Store, encodeSafetensors, exportModel } from '@nnts/store';
import { getBackend } from '@nnts/tensor';
import type { Tensor } from '@nnts/tensor';
import { Adam, EarlyStopping, Sequential } from '@nnts/train';
import type { History } from '@nnts/train';
import * as nnts from 'nnts';

const iris = loadIris();
const x: Tensor = standardize(iris.data);
const store: Store = Store.open(':memory:');
const model = new Sequential([dense({ units: 16, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })], {
  inputShape: [4], loss: new CrossEntropy(), seed: 42, callbacks: [store.recorder({ name: 'iris' })],
});
const history: History = model.fit(x, iris.target, {
  optimizer: new Adam({ learningRate: 0.05 }), epochs: 5, verbose: 'silent', validationSplit: 0.2,
  callbacks: [new EarlyStopping({ patience: 2, restoreBestWeights: true })],
});
const score: number = accuracy(iris.target, model.predict(x));
// The charts' fit callback is typed structurally, and fits where @nnts/train's callbacks go.
const chart: ChartSpec = historyChart(history.values);
const live: Promise<LiveReport> = liveReport({ file: 'out/iris/index.html', title: 'iris' }).then((report) => {
  model.fit(x, iris.target, { optimizer: new Adam(), epochs: 2, verbose: 'silent', callbacks: [report] });
  return report;
});
const bytes: Uint8Array = encodeSafetensors([{ key: 'x', tensor: x }]);
const files: { weights: string; architecture: string } = exportModel(model, 'iris');
const isa: NativeIsa | undefined = undefined;
const report = terminalProgress('iris.csv');
report(1, 2);
// Types that are real, not `any`: a wrong option is an error.
// @ts-expect-error units is a number
dense({ units: 'sixteen' });
// The one-import package holds the same classes, and layers as a namespace.
const same: Sequential = new nnts.Sequential([nnts.layers.dense({ units: 3 })], { inputShape: [4], loss: new nnts.CrossEntropy() });
export const results = [getBackend().name, history, score, bytes.length, files.weights, isa, same, chart, live] as const;
