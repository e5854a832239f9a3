// An architecture is checked before a model is built from it (issue 13, items 14 and 18): JSON that
// does not parse, or is not a model description, and sizes the stored tensors cannot back are
// refused with a StoreError before anything large is allocated.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Softmax } from '@nnts/activations';
import { ActivationLayer, Dense, embedding, lstm } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { RandomGenerator } from '@nnts/tensor';
import { Sequential } from '@nnts/train';
import { describe, expect, it } from 'vitest';
import { StoreError } from './errors';
import { exportModel, importModel } from './safetensors';
import { Store } from './store';

const directory = (): string => mkdtempSync(join(tmpdir(), 'nnts-architecture-'));

function small(): Sequential {
  const random = new RandomGenerator(1);
  return new Sequential([new Dense(4, 5, { random }), new Dense(5, 3, { random }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy() });
}

/** Exports `model`, then rewrites its architecture JSON with `change`. */
function tampered(change: (architecture: { layers: Record<string, unknown>[] }) => unknown, model = small()): string {
  const base = join(directory(), 'model');
  const { architecture } = exportModel(model, base);
  const description = JSON.parse(readFileSync(architecture, 'utf8'));
  writeFileSync(architecture, JSON.stringify(change(description) ?? description));
  return base;
}

/** Runs `work`, returning how long it took and how much the heap and the array buffers grew. */
function measure(work: () => void): { ms: number; bytes: number } {
  const before = process.memoryUsage();
  const start = performance.now();
  work();
  const after = process.memoryUsage();
  return { ms: performance.now() - start, bytes: after.arrayBuffers - before.arrayBuffers + Math.max(0, after.heapUsed - before.heapUsed) };
}

describe('sizes claimed by an architecture are checked against the stored tensors before allocating', () => {
  for (const units of [5e7, 2e9]) {
    it(`an exported architecture claiming Dense(4, ${units}) is refused in milliseconds, allocating nothing large`, () => {
      const base = tampered((a) => {
        a.layers[0]!.units = units;
      });
      let error: unknown;
      const cost = measure(() => {
        try {
          importModel(base);
        } catch (caught) {
          error = caught;
        }
      });
      console.log(`Dense(4, ${units}) refused in ${cost.ms.toFixed(1)} ms, ${(cost.bytes / 1e6).toFixed(1)} MB allocated`);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(new RegExp(`layer 0 \\(dense\\) claims units ${units}, more than the 25 values stored for it`));
      expect(cost.ms).toBeLessThan(200);
      expect(cost.bytes).toBeLessThan(20e6);
    });
  }

  it('a store whose saved architecture was tampered with is refused the same way by loadModel', () => {
    const store = Store.open(':memory:');
    store.saveModel('m', small());
    const row = store.db.prepare("SELECT architecture FROM models WHERE name = 'm'").get() as { architecture: string };
    const architecture = JSON.parse(row.architecture);
    architecture.layers[1].units = 5e7;
    store.db.prepare("UPDATE models SET architecture = ? WHERE name = 'm'").run(JSON.stringify(architecture));
    expect(() => store.loadModel('m')).toThrow(/model "m" in :memory:: layer 1 \(dense\) claims units 50000000, more than the 18 values stored for it/);
    store.db.prepare("UPDATE models SET architecture = ? WHERE name = 'm'").run('{"layers": [');
    expect(() => store.loadModel('m')).toThrow(/the architecture is not JSON/);
    store.close();
  });

  it('sizes that are not positive integers are named', () => {
    const base = tampered((a) => {
      a.layers[1]!.units = -3;
    });
    expect(() => importModel(base)).toThrow(/layer 1 \(dense\) has units -3; expected a positive integer/);
  });

  it('a sequence model (Embedding, LSTM) still loads: its sizes are backed by its tensors', () => {
    const model = new Sequential([embedding({ inputDim: 30, outputDim: 8 }), lstm({ units: 6 }), new Dense(6, 2)], { inputShape: [5], loss: new CrossEntropy({ fromLogits: true }), seed: 3 });
    const { weights } = exportModel(model, join(directory(), 'rnn'));
    expect(importModel(weights.replace(/\.safetensors$/, '')).getConfig()).toEqual(model.getConfig());
  });
});

describe('an architecture that is not one (item 14)', () => {
  const cases: [string, string, RegExp][] = [
    ['JSON that does not parse', '{"format": "nnts-sequential", "layers": [', /model\.json: the architecture is not JSON/],
    ['null', 'null', /the architecture must be a JSON object with layers and loss, got null/],
    ['an array', '[]', /must be a JSON object with layers and loss, got an array/],
    ['no layers', '{"format": "nnts-sequential", "loss": {"name": "crossEntropy"}}', /layers must be a non-empty array/],
    ['no loss', '{"format": "nnts-sequential", "layers": [{"kind": "flatten"}]}', /loss must be a config with a name/],
    ['a bad input shape', '{"format": "nnts-sequential", "inputShape": [0], "layers": [{"kind": "flatten"}], "loss": {"name": "mse"}}', /inputShape must be positive integers, got \[0\]/],
  ];
  for (const [what, text, message] of cases) {
    it(`refuses ${what} with a StoreError`, () => {
      const base = tampered(() => undefined);
      writeFileSync(`${base}.json`, text);
      expect(() => importModel(base)).toThrow(StoreError);
      expect(() => importModel(base)).toThrow(message);
    });
  }

  it('a missing file is a StoreError naming it, not a raw ENOENT', () => {
    const base = join(directory(), 'absent');
    expect(() => importModel(base)).toThrow(StoreError);
    expect(() => importModel(base)).toThrow(`cannot read ${base}.json`);
  });
});
