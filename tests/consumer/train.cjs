// The same program as train.mjs, as a CommonJS user writes it: every package through require.
const { loadIris, standardize } = require('@nnts/datasets');
const { dense } = require('@nnts/layers');
const { CrossEntropy } = require('@nnts/losses');
const { accuracy } = require('@nnts/metrics');
const { Store, exportModel, importModel } = require('@nnts/store');
const { getBackend } = require('@nnts/tensor');
const { Adam, Sequential } = require('@nnts/train');

const iris = loadIris();
const x = standardize(iris.data);
const store = Store.open('runs/cjs.db');
const model = new Sequential([dense({ units: 16, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })], {
  inputShape: [4], loss: new CrossEntropy(), seed: 42,
  callbacks: [store.recorder({ name: 'iris', saveModelAs: 'iris' })],
});
model.fit(x, iris.target, { optimizer: new Adam({ learningRate: 0.05 }), epochs: 40, batchSize: 16, verbose: 'silent' });
exportModel(model, 'iris-cjs');

const prediction = Array.from(model.predict(x).data);
const same = (other) => Array.from(other.predict(x).data).every((value, i) => value === prediction[i]);
console.log(JSON.stringify({
  backend: getBackend().name,
  accuracy: accuracy(iris.target, model.predict(x)),
  storeReloadsExactly: same(store.loadModel('iris')),
  safetensorsReloadsExactly: same(importModel('iris-cjs')),
}));
store.close();
