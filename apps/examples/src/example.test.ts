import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dense } from '@nnts/layers';
import { MeanSquaredError } from '@nnts/losses';
import { Store } from '@nnts/store';
import { tensor } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { describe, expect, it } from 'vitest';
import type { Example } from './example';
import { runExample } from './example';

describe('runExample', () => {
  it("gives an example a live report of its output folder's index.html, which the full report replaces at the end", async () => {
    const out = mkdtempSync(join(tmpdir(), 'nnts-live-example-'));
    const example: Example = {
      name: 'line', seedFile: '', title: 'a line, live', description: 'y = 2x', quick: true,
      async run(context) {
        const model = new Sequential([dense({ units: 1 })], { inputShape: [1], loss: new MeanSquaredError(), seed: 1 });
        const live = await context.liveReport();
        const pages: string[] = [];
        const read = { onEpochEnd: () => void pages.push(readFileSync(join(context.out, 'index.html'), 'utf8')) };
        model.fit(tensor([[0], [1], [2]]), tensor([[0], [2], [4]]), { optimizer: new Adam(), epochs: 3, verbose: 'silent', callbacks: [live, read] });
        context.text('note', 'trained');
        return { livePages: pages.filter((page) => page.includes('http-equiv="refresh"') && page.includes('<h1>a line, live</h1>') && page.includes('>loss</text>')).length };
      },
    };
    const store = Store.open(':memory:');
    try {
      const { figures, index } = await runExample(example, { seed: 1, out, quiet: true, store });
      expect(figures.livePages).toBe(3);
      const final = readFileSync(index, 'utf8');
      expect(final).not.toContain('http-equiv="refresh"');
      expect(final).toContain('<pre>trained</pre>');
    } finally {
      store.close();
    }
  });
});
