// The core packages (tensor, activations, losses, metrics, layers, train) and datasets bundle for a
// browser as they are: esbuild with platform 'browser' and no shims fails on any import of a Node
// built-in. The bundle then runs in a V8 context that has no process, require or Buffer, as a page
// has: it trains a small network, prepares data with datasets' pure functions, and datasets' file
// loaders say what to do instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const PACKAGES = ['tensor', 'activations', 'losses', 'metrics', 'layers', 'train', 'datasets'];

// Imported from each package's built ESM entry; their imports of one another resolve from the
// packages' own node_modules, as an application's bundler resolves them. Every module of every
// package is kept (nothing is tree-shaken away), so each one is evaluated in the page.
const entry = `
${PACKAGES.map((name) => `import * as ${name} from ${JSON.stringify(join(ROOT, 'packages', name, 'dist', 'index.js'))};`).join('\n')}
globalThis.nnts = { ${PACKAGES.join(', ')} };
`;

let bundle = '';

/** A fresh page with the bundle loaded; `script` runs in it with the packages as `nnts`, and returns globalThis.result. */
function runInPage(script: string, globals: Record<string, unknown> = {}): unknown {
  const page = createContext({ console: { log: () => {}, warn: () => {} }, setTimeout, performance, atob, TextDecoder, TextEncoder, ...globals });
  runInContext('globalThis.globalThis = globalThis;', page);
  runInContext(bundle, page);
  runInContext(script, page);
  return (page as { result?: unknown }).result;
}

describe('the core packages and datasets in a browser', () => {
  beforeAll(async () => {
    const bundled = await build({
      stdin: { contents: entry, resolveDir: ROOT, loader: 'js' }, bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'silent',
      // Bundlers look for the packages' browser-ready ESM builds.
      conditions: ['import'], mainFields: ['module', 'main'],
    });
    expect(bundled.errors).toEqual([]);
    bundle = bundled.outputFiles[0]!.text;
  }, 60_000);

  it('bundle with no Node built-in and no Node-only dependency', () => {
    expect(bundle).not.toMatch(/require\(["']node:/);
    // undici (the downloader's HTTP client) is loaded through Node's require when a Downloader is made.
    expect(bundle).not.toMatch(/undici\.js|class Agent\b/);
  });

  it('train where there is no process, require or Buffer', () => {
    const result = runInPage(`
      const { tensor, layers, losses, metrics, train, activations } = nnts;
      const x = tensor.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
      const y = tensor.tensor([0, 1, 1, 0]);
      const model = new train.Sequential([layers.dense({ units: 8, activation: 'tanh' }), layers.dense({ units: 2, activation: 'softmax' })], { inputShape: [2], loss: new losses.CrossEntropy(), seed: 1 });
      const lines = [];
      model.fit(x, y, { optimizer: new train.Adam({ learningRate: 0.05 }), epochs: 300, batchSize: 4, verbose: 'lines', output: { write: (text) => lines.push(text) } });
      globalThis.result = { backend: tensor.getBackend().name, accuracy: metrics.accuracy(y, model.predict(x)), lines: lines.length, hasProcess: typeof process !== 'undefined' };
    `) as { backend: string; accuracy: number; lines: number; hasProcess: boolean };
    expect(result.hasProcess).toBe(false);
    // No addon and no synchronous WebAssembly loader in a page: the TypeScript backend, said once.
    expect(result.backend).toBe('js');
    expect(result.accuracy).toBe(1);
    expect(result.lines).toBeGreaterThan(0);
  }, 60_000);

  it("prepare data with datasets' pure functions (a synthetic set, scaling, a split, tokenizers) and train on it", () => {
    const result = runInPage(`
      const { tensor, layers, losses, metrics, train, datasets } = nnts;
      const moons = datasets.makeMoons({ samples: 200, noise: 0.1, random: new tensor.RandomGenerator(1) });
      const split = datasets.trainTestSplit(datasets.standardize(moons.data), moons.target, { testSize: 0.25, stratify: true, random: new tensor.RandomGenerator(2) });
      const model = new train.Sequential([layers.dense({ units: 16, activation: 'tanh' }), layers.dense({ units: 2, activation: 'softmax' })], { inputShape: [2], loss: new losses.CrossEntropy(), seed: 1 });
      model.fit(split.xTrain, split.yTrain, { optimizer: new train.Adam({ learningRate: 0.05 }), epochs: 60, batchSize: 16, verbose: 'silent' });
      const words = new datasets.WordTokenizer().fit(['the cat sat', 'the dog ran far']);
      const padded = datasets.padSequences(['The cat ran!', 'a dog'].map((text) => words.encode(text)), { maxLength: 4 });
      const characters = new datasets.CharTokenizer().fit('hello');
      globalThis.result = {
        shapes: [split.xTrain.shape, split.xTest.shape],
        accuracy: metrics.accuracy(split.yTest, model.predict(split.xTest)),
        padded: Array.from(padded.data), words: words.vocabulary,
        characters: characters.decode(characters.encode('hole')),
      };
    `) as { shapes: number[][]; accuracy: number; padded: number[]; words: string[]; characters: string };
    expect(result.shapes).toEqual([[150, 2], [50, 2]]);
    expect(result.accuracy).toBeGreaterThan(0.95);
    // 'the' is the most frequent word (id 2); 'a' was never seen (1, unknown); rows pre-padded with 0.
    expect(result.words.slice(0, 3)).toEqual(['', '[UNK]', 'the']);
    expect(result.padded).toEqual([0, 2, result.words.indexOf('cat'), result.words.indexOf('ran'), 0, 0, 1, result.words.indexOf('dog')]);
    expect(result.characters).toBe('hole');
  }, 60_000);

  it('say what to do instead where datasets needs Node, and load a bundled set from fetched text', async () => {
    const result = await (runInPage(`
      const { datasets, tensor } = nnts;
      const described = (error) => ({ nnts: error instanceof tensor.NntsError, message: error.message });
      const failure = (call) => {
        try { call(); return null; } catch (error) { return described(error); }
      };
      const iris = datasets.loadIris({ csv: irisCsv });
      globalThis.result = (async () => ({
        loadIris: failure(() => datasets.loadIris()),
        loadDigits: failure(() => datasets.loadDigits()),
        downloader: failure(() => new datasets.Downloader({ mirrors: ['https://example.org/'] })),
        sha256: failure(() => datasets.sha256(new Uint8Array(1))),
        loadMnist: await datasets.loadMnist().then(() => null, described),
        iris: { shape: iris.data.shape, first: Array.from(iris.data.data.subarray(0, 4)), species: iris.targetNames },
      }))();
    `, { irisCsv: readFileSync(join(ROOT, 'packages', 'datasets', 'data', 'iris.csv'), 'utf8') }) as Promise<Record<string, { nnts: boolean; message: string } | null> & { iris: { shape: number[]; first: number[]; species: string[] } }>);
    expect(result.loadIris).toEqual({ nnts: true, message: expect.stringMatching(/^loadIris reads data\/iris\.csv, .*no Node\.js.*In a browser, fetch that file .* loadIris\(\{ csv \}\)\.$/) });
    expect(result.loadDigits?.message).toMatch(/^loadDigits reads data\/digits\.csv\.gz, .*DecompressionStream/);
    expect(result.downloader).toEqual({ nnts: true, message: expect.stringMatching(/^Downloader keeps files on disk .*In a browser, download with fetch\(\)/) });
    expect(result.sha256?.message).toMatch(/crypto\.subtle\.digest/);
    expect(result.loadMnist).toEqual({ nnts: true, message: expect.stringMatching(/^loadMnist reads its files .*read them with parseIdx\.$/) });
    expect(result.iris).toEqual({ shape: [150, 4], first: [5.1, 3.5, 1.4, 0.2].map(Math.fround), species: ['setosa', 'versicolor', 'virginica'] });
  }, 60_000);
});
