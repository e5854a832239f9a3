import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '@nnts/store';
import { describe, expect, it } from 'vitest';
import { runExample } from '../example';
import { demoExample } from './demo';

describe('the demo', () => {
  it('stops early, keeps its best epoch, and its report says where it stopped and which tutorial it follows', async () => {
    const store = Store.open(':memory:');
    const out = mkdtempSync(join(tmpdir(), 'nnts-demo-'));
    try {
      const { figures, index } = await runExample(demoExample, { seed: 42, out, quiet: true, store });
      // It fits the training digits within a few epochs: training must stop before 30, a patience after its best.
      const [best, stopped] = [figures.bestEpoch as number, figures.stoppedEpoch as number];
      expect(stopped).toBeLessThan(30);
      expect(stopped - best).toBeGreaterThanOrEqual(5);
      expect(figures.testAccuracy).toBeGreaterThanOrEqual(0.95);
      const html = readFileSync(index, 'utf8');
      expect(html).toContain(`had not improved for ${stopped - best} epochs, so training stopped after epoch ${stopped} of 30;\nthe weights of epoch ${best}`);
      expect(html).toContain('(tutorial 000)');
      // The live report followed the training (with a reload); the final page that replaced it has none.
      expect(html).not.toContain('http-equiv="refresh"');
      expect(html).toContain('loss and accuracy by epoch');
      expect(html).not.toContain('(seed 000)');
      // The run in the store holds the epochs that were trained, not the 30 asked for.
      const run = store.listRuns().at(-1)!;
      expect(run.epochs).toBe(stopped);
    } finally {
      store.close();
    }
  }, 120_000);
});
