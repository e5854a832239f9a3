import { Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, Dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { RandomGenerator } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { describe, expect, it } from 'vitest';
import { StoreError } from './errors';
import { Store } from './store';

function network(seed: number): Sequential {
  const random = new RandomGenerator(seed);
  return new Sequential([new Dense(4, 6, { random }), new ActivationLayer(new Tanh()), new Dense(6, 3, { random }), new ActivationLayer(new Softmax())], { loss: new CrossEntropy() });
}

const bits = (model: Sequential): number[] => model.namedParameters().flatMap((p) => Array.from(p.parameter.value.data));

describe('a damaged checkpoint', () => {
  const damages: [string, string, string, RegExp][] = [
    ['iterations -1', 'optimizer', `json_set(optimizer, '$.iterations', -1)`, /iterations must be an integer >= 0, got -1/],
    ['iterations 2.5', 'optimizer', `json_set(optimizer, '$.iterations', 2.5)`, /iterations must be an integer >= 0, got 2\.5/],
    ['learningRate "abc"', 'optimizer', `json_set(optimizer, '$.learningRate', 'abc')`, /learningRate must be a finite number > 0, got "abc"/],
    ['an optimiser record that is not JSON', 'optimizer', `'{"config":'`, /the optimiser record is not JSON/],
    ['a random record without the fit generator', 'random', `json_remove(random, '$.fit')`, /the random record is damaged/],
    ['a generator state of zeros', 'random', `json_set(random, '$.fit.words', json('[0,0,0,0]'))`, /the state of generator fit is damaged/],
  ];
  for (const [what, column, damage, message] of damages) {
    it(`is refused before anything changes: ${what}`, () => {
      const store = Store.open(':memory:');
      const random = new RandomGenerator(1);
      const x = random.normal([20, 4]);
      const y = random.integers([20], 0, 3);
      const recorder = store.recorder({ name: 'damaged' });
      network(1).fit(x, y, { optimizer: new Adam(), epochs: 2, verbose: 'silent', callbacks: [recorder] });
      store.db.prepare(`UPDATE checkpoints SET ${column} = ${damage}`).run();

      const model = network(2);
      const optimizer = new Adam();
      const generator = new RandomGenerator(3);
      const before = { weights: bits(model), generator: generator.getState(), iterations: optimizer.iterations, learningRate: optimizer.learningRate };
      let thrown: unknown = null;
      try {
        store.restoreCheckpoint(recorder.runId!, { model, optimizer, random: generator });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StoreError);
      expect(String(thrown)).toMatch(message);
      expect(String(thrown)).toContain(`checkpoint of run ${recorder.runId} at epoch 1`);
      expect({ weights: bits(model), generator: generator.getState(), iterations: optimizer.iterations, learningRate: optimizer.learningRate }).toEqual(before);
      store.close();
    });
  }
});
