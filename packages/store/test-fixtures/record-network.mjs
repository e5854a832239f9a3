// A child process for the store's crash tests: trains a small network on seeded data, recording and
// checkpointing every epoch, then saves the model under the network's name. 'cnn': convolutions, max
// pooling, batch norm, dropout and a softmax dense layer on images; 'lstm': an Embedding with masking,
// an LSTM, a bidirectional GRU and a softmax on padded id sequences. With --resume it does what a
// user does after a crash, in a new process: a model with other initial weights, the latest
// checkpoint of the run put back into it, and training continued from the next epoch.
// Usage: node record-network.mjs cnn|lstm DB_PATH EPOCHS PAUSE_MS [--resume]
import { batchNorm, bidirectional, conv2d, dense, dropout, embedding, flatten, gru, lstm, maxPool2d } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { Store } from '@nnts/store';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';

const [network, path, epochs, pauseMs, mode] = process.argv.slice(2);
const resume = mode === '--resume';
const data = new RandomGenerator(5);
const seed = resume ? 77 : 1;
let x;
let model;
if (network === 'cnn') {
  x = data.normal([48, 8, 8, 2]);
  model = new Sequential([
    conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }), maxPool2d(), batchNorm(),
    conv2d({ filters: 8, kernelSize: 3 }), dropout({ rate: 0.3 }), flatten(), dense({ units: 3, activation: 'softmax' }),
  ], { inputShape: [8, 8, 2], loss: new CrossEntropy(), seed });
} else if (network === 'lstm') {
  // Ids 1..9 with a padded tail of 0 to 6 steps.
  x = data.integers([48, 10], 1, 10);
  for (let i = 0; i < 48; i++) for (let t = 10 - (i % 7); t < 10; t++) x.data[i * 10 + t] = 0;
  model = new Sequential([
    embedding({ inputDim: 10, outputDim: 4, maskZero: true }), lstm({ units: 5, returnSequences: true }), dropout({ rate: 0.2 }),
    bidirectional({ layer: gru({ units: 3 }) }), dense({ units: 3, activation: 'softmax' }),
  ], { inputShape: [10], loss: new CrossEntropy(), seed });
} else {
  throw new Error(`record-network.mjs: unknown network ${network} (cnn or lstm)`);
}
const y = data.integers([48], 0, 3);
const store = Store.open(path);
const optimizer = new Adam({ learningRate: 0.01 });
const random = new RandomGenerator(9);
let initialEpoch = 0;
let recorder;
if (resume) {
  const [run] = store.listRuns();
  const { epoch } = store.restoreCheckpoint(run.id, { model, optimizer, random });
  initialEpoch = epoch + 1;
  recorder = store.recorder({ resumeRunId: run.id, saveModelAs: network });
} else {
  recorder = store.recorder({ name: network, saveModelAs: network });
}
const pause = new Int32Array(new SharedArrayBuffer(4));
// Slows each epoch down so that a test can kill the process in the middle of a run.
const slow = { onEpochEnd: () => Atomics.wait(pause, 0, 0, Number(pauseMs)) };
model.fit(x, y, { optimizer, random, epochs: Number(epochs), initialEpoch, batchSize: 16, verbose: 'silent', callbacks: [recorder, slow] });
store.close();
process.stdout.write('done\n');
