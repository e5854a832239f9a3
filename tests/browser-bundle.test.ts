// The core packages (tensor, activations, losses, metrics, layers, train) bundle for a browser as they
// are: esbuild with platform 'browser' and no shims fails on any import of a Node built-in. The bundle
// then trains a small network in a V8 context that has no process, require or Buffer, as a page has.
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CORE = ['tensor', 'activations', 'losses', 'metrics', 'layers', 'train'];

// Imported from each package's built ESM entry; their imports of one another resolve from the
// packages' own node_modules, as an application's bundler resolves them.
const entry = `
${CORE.map((name) => `import * as ${name} from ${JSON.stringify(join(ROOT, 'packages', name, 'dist', 'index.js'))};`).join('\n')}
const x = tensor.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = tensor.tensor([0, 1, 1, 0]);
const model = new train.Sequential([layers.dense({ units: 8, activation: 'tanh' }), layers.dense({ units: 2, activation: 'softmax' })], { inputShape: [2], loss: new losses.CrossEntropy(), seed: 1 });
const lines = [];
model.fit(x, y, { optimizer: new train.Adam({ learningRate: 0.05 }), epochs: 300, batchSize: 4, verbose: 'lines', output: { write: (text) => lines.push(text) } });
globalThis.result = { backend: tensor.getBackend().name, accuracy: metrics.accuracy(y, model.predict(x)), lines: lines.length, activations: Object.keys(activations).length };
`;

describe('the core packages in a browser', () => {
  it('bundle with no Node built-in, and train where there is no process, require or Buffer', async () => {
    const bundled = await build({
      stdin: { contents: entry, resolveDir: ROOT, loader: 'js' }, bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'silent',
      // Bundlers look for the packages' browser-ready ESM builds.
      conditions: ['import'], mainFields: ['module', 'main'],
    });
    expect(bundled.errors).toEqual([]);
    const code = bundled.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\(["']node:/);
    const page: Record<string, unknown> = { console: { log: () => {}, warn: () => {} }, setTimeout, performance, atob, TextDecoder, TextEncoder };
    page.globalThis = page;
    runInNewContext(code, page);
    const result = page.result as { backend: string; accuracy: number; lines: number };
    // No addon and no synchronous WebAssembly loader in a page: the TypeScript backend, said once.
    expect(result.backend).toBe('js');
    expect(result.accuracy).toBe(1);
    expect(result.lines).toBeGreaterThan(0);
  }, 60_000);
});
