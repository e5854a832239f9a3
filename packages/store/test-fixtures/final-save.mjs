// A child process for the store's final-save tests: a small network built as the README's first
// example builds it (its recorder among the model's own callbacks), trained and recorded.
// Usage: node final-save.mjs DB_PATH EPOCHS MODE
//   whole:  trains every epoch in one go.
//   hold:   trains every epoch, then prints 'saving' from inside the final save's transaction and waits
//           there, so that a test can kill the process in the middle of the final save.
//   resume: what a user does after such a crash, in a new process: a model with other initial
//           weights, the run's latest checkpoint put back into it, and fit resumed from the next epoch
//           with a recorder that continues the run.
import { Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, Dense, Dropout } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { Store } from '@nnts/store';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';

const [path, epochs, mode] = process.argv.slice(2);
const store = Store.open(path);
const data = new RandomGenerator(5);
const x = data.normal([40, 4]);
const y = data.integers([40], 0, 3);
const init = new RandomGenerator(mode === 'resume' ? 77 : 1);
const model = new Sequential([
  new Dense(4, 8, { random: init }), new ActivationLayer(new Tanh()), new Dropout({ rate: 0.2, random: init }),
  new Dense(8, 3, { random: init }), new ActivationLayer(new Softmax()),
], { loss: new CrossEntropy(), callbacks: [store.recorder({ name: 'final', saveModelAs: 'final' })] });
const optimizer = new Adam({ learningRate: 0.01 });
const random = new RandomGenerator(9);
const options = { optimizer, random, epochs: Number(epochs), batchSize: 8, verbose: 'silent' };
if (mode === 'hold') {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const save = store.saveModel.bind(store);
  store.saveModel = (...args) => store.db.transaction(() => {
    save(...args);
    process.stdout.write('saving\n');
    Atomics.wait(pause, 0, 0);
  })();
}
if (mode === 'resume') {
  const [run] = store.listRuns();
  const { epoch } = store.restoreCheckpoint(run.id, { model, optimizer, random });
  model.fit(x, y, { ...options, initialEpoch: epoch + 1, callbacks: [store.recorder({ resumeRunId: run.id })] });
} else {
  model.fit(x, y, options);
}
store.close();
process.stdout.write('done\n');
