// A child process for the store's CNN crash test: trains a small convolutional network (convolutions,
// max pooling, batch norm, dropout, a softmax dense layer) on seeded images, recording and
// checkpointing every epoch, then saves the model as 'cnn'. With --resume it does what a user does
// after a crash, in a new process: a model with other initial weights, the latest checkpoint of the
// run put back into it, and training continued from the next epoch.
// Usage: node record-cnn.mjs DB_PATH EPOCHS PAUSE_MS [--resume]
import { batchNorm, conv2d, dense, dropout, flatten, maxPool2d } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { Store } from '@nnts/store';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';

const [path, epochs, pauseMs, mode] = process.argv.slice(2);
const resume = mode === '--resume';
const data = new RandomGenerator(5);
const x = data.normal([48, 8, 8, 2]);
const y = data.integers([48], 0, 3);
const model = new Sequential([
  conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }), maxPool2d(), batchNorm(),
  conv2d({ filters: 8, kernelSize: 3 }), dropout({ rate: 0.3 }), flatten(), dense({ units: 3, activation: 'softmax' }),
], { inputShape: [8, 8, 2], loss: new CrossEntropy(), seed: resume ? 77 : 1 });
const store = Store.open(path);
const optimizer = new Adam({ learningRate: 0.01 });
const random = new RandomGenerator(9);
let initialEpoch = 0;
let recorder;
if (resume) {
  const [run] = store.listRuns();
  const { epoch } = store.restoreCheckpoint(run.id, { model, optimizer, random });
  initialEpoch = epoch + 1;
  recorder = store.recorder({ resumeRunId: run.id, saveModelAs: 'cnn' });
} else {
  recorder = store.recorder({ name: 'cnn', saveModelAs: 'cnn' });
}
const pause = new Int32Array(new SharedArrayBuffer(4));
// Slows each epoch down so that a test can kill the process in the middle of a run.
const slow = { onEpochEnd: () => Atomics.wait(pause, 0, 0, Number(pauseMs)) };
model.fit(x, y, { optimizer, random, epochs: Number(epochs), initialEpoch, batchSize: 16, verbose: 'silent', callbacks: [recorder, slow] });
store.close();
process.stdout.write('done\n');
