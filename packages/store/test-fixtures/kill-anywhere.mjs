// A child process for the fault-injection suite: trains and records a small network (a checkpoint
// every epoch, the model saved at the end), and SIGKILLs itself just before its Nth SQLite statement,
// so a kill lands at a chosen point of recording or of the final save, the same point on every replay.
// Usage: node kill-anywhere.mjs DB_PATH MODE [KILL_AT]
//   count:  runs to the end and prints the number of statements, and the number run before the final save began.
//   kill:   runs until statement KILL_AT, then kills itself with SIGKILL (no cleanup, no exit handlers).
//   resume: what a user does afterwards: the run's latest checkpoint put back into a freshly built model
//           (other initial weights) and fit resumed with a recorder that continues the run; with no
//           checkpoint to resume from, the run is deleted and training starts again.
import Database from 'better-sqlite3';
import { Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, Dense, Dropout } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { Store } from '@nnts/store';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';

const EPOCHS = 4;
const [path, mode, killAt] = process.argv.slice(2);

// Count every statement the store runs (prepared statements: run, get, all, iterate).
let statements = 0;
let finalSaveAt = -1;
const probe = new Database(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = statementPrototype[method];
  statementPrototype[method] = function counted(...args) {
    statements += 1;
    if (mode === 'kill' && statements === Number(killAt)) {
      process.kill(process.pid, 'SIGKILL');
      // The signal may land an instant after kill() returns: the statement must not run meanwhile.
      for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
    return original.apply(this, args);
  };
}

const store = Store.open(path);
const data = new RandomGenerator(5);
const x = data.normal([48, 4]);
const y = data.integers([48], 0, 3);
const runs = mode === 'resume' ? store.listRuns() : [];
if (runs.some((r) => r.status === 'finished')) {
  // Killed after the run was finished: nothing is left to do.
  store.close();
  process.stdout.write('done\n');
  process.exit(0);
}
const run = runs.find((r) => r.status === 'running');
let restoreFrom = null;
if (run) {
  if (store.db.prepare('SELECT 1 FROM checkpoints WHERE run_id = ? LIMIT 1').get(run.id)) restoreFrom = run;
  else store.deleteRun(run.id);
}
const init = new RandomGenerator(restoreFrom ? 77 : 1);
const recorder = store.recorder(restoreFrom ? { resumeRunId: restoreFrom.id } : { name: 'faults', saveModelAs: 'faults', checkpointEvery: 1 });
const model = new Sequential([
  new Dense(4, 8, { random: init }), new ActivationLayer(new Tanh()), new Dropout({ rate: 0.2, random: init }),
  new Dense(8, 3, { random: init }), new ActivationLayer(new Softmax()),
], { loss: new CrossEntropy() });
const optimizer = new Adam({ learningRate: 0.01 });
const random = new RandomGenerator(9);
const save = store.saveModel.bind(store);
store.saveModel = (...args) => {
  finalSaveAt = statements;
  return save(...args);
};
let initialEpoch = 0;
if (restoreFrom) initialEpoch = store.restoreCheckpoint(restoreFrom.id, { model, optimizer, random }).epoch + 1;
model.fit(x, y, { optimizer, random, epochs: EPOCHS, initialEpoch, batchSize: 8, metrics: ['accuracy'], verbose: 'silent', callbacks: [recorder] });
store.close();
process.stdout.write(mode === 'count' ? `${statements} ${finalSaveAt}\n` : 'done\n');
