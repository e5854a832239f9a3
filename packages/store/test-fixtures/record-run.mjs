// A child process for the store's crash and concurrency tests: trains a small model and records every
// epoch into the store at argv[2]. Usage: node record-run.mjs DB_PATH RUN_NAME EPOCHS PAUSE_MS [START_AT_MS]
// START_AT_MS (a Date.now() value) makes several children open the store at the same moment.
import { Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, Dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { Store } from '@nnts/store';
import { RandomGenerator } from '@nnts/tensor';
import { SGD, Sequential } from '@nnts/train';

const [path, name, epochs, pauseMs, startAt] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
if (startAt) Atomics.wait(pause, 0, 0, Math.max(0, Number(startAt) - Date.now()));
const store = Store.open(path);
const random = new RandomGenerator(1);
const x = random.normal([64, 4]);
const y = random.integers([64], 0, 3);
const model = new Sequential([new Dense(4, 8, { random }), new ActivationLayer(new Tanh()), new Dense(8, 3, { random }), new ActivationLayer(new Softmax())], {
  loss: new CrossEntropy(), callbacks: [store.recorder({ name, seed: 1 })],
});
model.fit(x, y, {
  optimizer: new SGD({ learningRate: 0.1 }), epochs: Number(epochs), batchSize: 16, verbose: 'silent',
  // Slows each epoch down so that a test can kill the process in the middle of a run.
  callbacks: [{ onEpochEnd: () => Atomics.wait(pause, 0, 0, Number(pauseMs)) }],
});
store.close();
process.stdout.write('done\n');
