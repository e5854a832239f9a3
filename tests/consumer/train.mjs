// A user's ES module: train on Iris, save to a store and to safetensors, reload both, and print what
// happened as one JSON line for tests/consumer.test.ts to check.
import { loadIris, standardize } from '@nnts/datasets';
import { dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy } from '@nnts/metrics';
import { Store, exportModel, importModel } from '@nnts/store';
import { getBackend } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';

const iris = loadIris();
const x = standardize(iris.data);
const store = Store.open('runs/esm.db');
const model = new Sequential([dense({ units: 16, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })], {
  inputShape: [4], loss: new CrossEntropy(), seed: 42,
  callbacks: [store.recorder({ name: 'iris', saveModelAs: 'iris' })],
});
model.fit(x, iris.target, { optimizer: new Adam({ learningRate: 0.05 }), epochs: 40, batchSize: 16, verbose: 'silent' });
exportModel(model, 'iris-esm');

const prediction = Array.from(model.predict(x).data);
const same = (other) => Array.from(other.predict(x).data).every((value, i) => value === prediction[i]);
console.log(JSON.stringify({
  backend: getBackend().name,
  accuracy: accuracy(iris.target, model.predict(x)),
  storeReloadsExactly: same(store.loadModel('iris')),
  safetensorsReloadsExactly: same(importModel('iris-esm')),
}));
store.close();
