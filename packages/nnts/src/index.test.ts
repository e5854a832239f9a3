import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as activations from '@nnts/activations';
import * as datasets from '@nnts/datasets';
import * as layers from '@nnts/layers';
import * as losses from '@nnts/losses';
import * as metrics from '@nnts/metrics';
import * as store from '@nnts/store';
import * as tensor from '@nnts/tensor';
import * as train from '@nnts/train';
import { describe, expect, it } from 'vitest';
import * as nnts from './index';

const here = fileURLToPath(new URL('..', import.meta.url));

describe('nnts', () => {
  it('re-exports every value of every package: most at the top level, layers and data sets as namespaces', () => {
    const missing: string[] = [];
    for (const [name, module] of Object.entries({ tensor, activations, losses, metrics, train, store })) {
      for (const key of Object.keys(module)) if ((nnts as Record<string, unknown>)[key] !== (module as Record<string, unknown>)[key]) missing.push(`${name}.${key}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(nnts.layers).sort()).toEqual(Object.keys(layers).sort());
    expect(Object.keys(nnts.datasets).sort()).toEqual(Object.keys(datasets).sort());
    expect(nnts.layers.conv2d).toBe(layers.conv2d);
    expect(nnts.conv2d).toBe(tensor.conv2d);
  });

  it("README's program runs verbatim and trains", () => {
    const readme = readFileSync(join(here, 'README.md'), 'utf8');
    const program = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(program.split('\n').filter(Boolean).length).toBeLessThanOrEqual(10);
    expect(readFileSync(join(here, '../../README.md'), 'utf8')).toContain(program); // the root README shows the same program
    // Inside the package (not under node_modules), so `import ... from 'nnts'` resolves to this package
    // by Node's self-reference; .readme-check/ is git-ignored.
    mkdirSync(join(here, '.readme-check'), { recursive: true });
    const scratch = mkdtempSync(join(here, '.readme-check', 'run-'));
    const file = join(scratch, 'program.mts');
    writeFileSync(file, program);
    const result = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: scratch, encoding: 'utf8' });
    rmSync(scratch, { recursive: true, force: true });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(Number(/training accuracy ([\d.]+)/.exec(result.stdout)?.[1])).toBeGreaterThan(0.9);
  }, 60_000);
});
