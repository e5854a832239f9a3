import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, Dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator } from '@nnts/tensor';
import type { Callback } from '@nnts/train';
import { Adam, EarlyStopping, SGD, Sequential } from '@nnts/train';
import { describe, expect, it } from 'vitest';
import { storesForTests } from './test-support/stores';

const finalSave = fileURLToPath(new URL('../test-fixtures/final-save.mjs', import.meta.url));
const { open, directory } = storesForTests('nnts-recorder-');

function network(seed: number, callbacks: Callback[] = []): Sequential {
  const random = new RandomGenerator(seed);
  return new Sequential([new Dense(4, 6, { random }), new ActivationLayer(new Tanh()), new Dense(6, 3, { random }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy(), callbacks });
}

const data = (): [Tensor, Tensor] => {
  const random = new RandomGenerator(5);
  return [random.normal([40, 4]), random.integers([40], 0, 3)];
};

const bits = (model: Sequential): number[] => model.namedParameters().flatMap((p) => Array.from(p.parameter.value.data));

describe('the recorder', () => {
  for (const order of ['recorder first', 'early stopping first'] as const) {
    it(`saves the model memory holds when fit returns, with EarlyStopping restoring its best weights (${order})`, () => {
      const store = open();
      const [x, y] = data();
      const model = network(1);
      const recorder = store.recorder({ name: 'best', saveModelAs: 'best' });
      // 'max' on a falling loss makes the first epoch the best: the weights put back differ from the last epoch's.
      const stopper = new EarlyStopping({ monitor: 'loss', mode: 'max', patience: 10, restoreBestWeights: true });
      const lastEpoch: number[][] = [];
      const spy = { onEpochEnd: () => void lastEpoch.splice(0, 1, bits(model)) };
      model.fit(x, y, { optimizer: new SGD({ learningRate: 0.5 }), epochs: 4, verbose: 'silent', callbacks: [spy, ...(order === 'recorder first' ? [recorder, stopper] : [stopper, recorder])] });
      expect(stopper.bestEpoch).toBe(0);
      expect(bits(model)).not.toEqual(lastEpoch[0]);
      expect(bits(store.loadModel('best'))).toEqual(bits(model));
    });
  }

  it('resuming a model built with a recorder in its options continues the one run and saves the model once', () => {
    const store = open();
    const [x, y] = data();
    const original = network(1, [store.recorder({ name: 'digits', saveModelAs: 'digits' })]);
    original.fit(x, y, { optimizer: new Adam(), epochs: 3, verbose: 'silent', random: new RandomGenerator(9) });
    const [run] = store.listRuns();
    store.setRunStatus(run!.id, 'failed', 'killed'); // as if the process had died after epoch 3 of 6

    const saved: string[] = [];
    const save = store.saveModel.bind(store);
    store.saveModel = (name, ...rest) => {
      saved.push(name);
      save(name, ...rest);
    };
    const model = network(77, [store.recorder({ name: 'digits', saveModelAs: 'digits' })]); // the README's first example, run again
    const optimizer = new Adam();
    const random = new RandomGenerator(0);
    const { epoch } = store.restoreCheckpoint(run!.id, { model, optimizer, random });
    model.fit(x, y, { optimizer, random, epochs: 6, initialEpoch: epoch + 1, verbose: 'silent', callbacks: [store.recorder({ resumeRunId: run!.id })] });
    expect(store.listRuns().map((r) => [r.id, r.status, r.epochs])).toEqual([[run!.id, 'finished', 6]]);
    expect(saved).toEqual(['digits']);
    expect(bits(store.loadModel('digits'))).toEqual(bits(model));
  });
});

describe('recorder options', () => {
  it('refuses unknown keys and values of the wrong type, naming what is expected', () => {
    const store = open();
    const cases: [object, string][] = [
      [{ resumeRunID: 1 }, "Recorder: unknown option 'resumeRunID' (known: name, saveModelAs, hyperparameters, seed, checkpointEvery, keepCheckpoints, monitor, mode, resumeRunId)"],
      [{ checkpointevery: 2 }, "Recorder: unknown option 'checkpointevery'"],
      [{ checkpointEvery: 1.5 }, 'Recorder: checkpointEvery must be an integer >= 0, got 1.5'],
      [{ keepCheckpoints: 0 }, "Recorder: keepCheckpoints must be an integer >= 1 or 'all', got 0"],
      [{ resumeRunId: '1' }, 'Recorder: resumeRunId must be a run id (an integer >= 1), got "1"'],
      [{ mode: 'lowest' }, `Recorder: mode must be 'min' or 'max', got "lowest"`],
      [{ seed: 4.2 }, 'Recorder: seed must be an integer, got 4.2'],
      [{ saveModelAs: '' }, 'Recorder: saveModelAs must be a non-empty string, got ""'],
    ];
    for (const [options, message] of cases) expect(() => store.recorder(options as never)).toThrow(message);
  });
});

describe('a run deleted while it records', () => {
  it('is reported once, and training goes on to the end with its model saved', () => {
    const path = join(directory(), 'deleted.db');
    const store = open(path);
    const other = open(path); // another connection, as `nnts runs delete` in another terminal
    const [x, y] = data();
    const model = network(1);
    const recorder = store.recorder({ name: 'doomed', saveModelAs: 'survivor' });
    const remove = { onEpochEnd: (epoch: number) => void (epoch === 1 && other.deleteRun(recorder.runId!)) };
    const warnings: string[] = [];
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: string) => void warnings.push(warning)) as typeof process.emitWarning;
    let history;
    try {
      history = model.fit(x, y, { optimizer: new Adam(), epochs: 4, verbose: 'silent', callbacks: [remove, recorder] });
    } finally {
      process.emitWarning = emitWarning;
    }
    expect(history.epochs).toEqual([0, 1, 2, 3]);
    expect(warnings).toEqual([`run 1 was deleted from ${path} while it recorded (at epoch 1); training goes on without recording it`]);
    expect(recorder.runDeleted).toBe(true);
    expect(store.listRuns()).toEqual([]);
    expect(bits(store.loadModel('survivor'))).toEqual(bits(model));
  });
});

describe('a kill during the final save', () => {
  it('leaves the run resumable: resuming a run whose epochs are all done saves the model and finishes it', async () => {
    const whole = join(directory(), 'whole.db');
    expect(spawnSync(process.execPath, [finalSave, whole, '5', 'whole'], { encoding: 'utf8' }).stderr).toBe('');
    const path = join(directory(), 'killed.db');
    const child = spawn(process.execPath, [finalSave, path, '5', 'hold'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('saving') && resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const killed = open(path);
    expect(killed.listRuns()).toMatchObject([{ status: 'running', epochs: 5 }]);
    expect(killed.listModels()).toEqual([]);
    killed.close();

    const resumed = spawnSync(process.execPath, [finalSave, path, '5', 'resume'], { encoding: 'utf8' });
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    const store = open(path);
    expect(store.listRuns()).toMatchObject([{ name: 'final', status: 'finished', epochs: 5 }]);
    expect(bits(store.loadModel('final'))).toEqual(bits(open(whole).loadModel('final')));
  }, 30_000);
});
