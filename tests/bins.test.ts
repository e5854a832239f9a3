import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './packaging/workspace';

// pnpm links every workspace package's bins during `pnpm install`, before anything is built; a bin
// that points into dist/ gives "Failed to create bin" on a fresh clone. So each must be a tracked file.
describe('command-line bins', () => {
  it('point to files committed to the repository, which exist in a fresh clone before any build', () => {
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n'));
    const bins = ['packages', 'apps'].flatMap((group) => readdirSync(join(ROOT, group)).map((folder) => `${group}/${folder}`))
      .filter((folder) => existsSync(join(ROOT, folder, 'package.json')))
      .flatMap((folder) => {
        const { bin } = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
        return Object.values(typeof bin === 'string' ? { bin } : bin ?? {}).map((target) => join(folder, target));
      });
    expect(bins).toContain('packages/store/bin/nnts.js');
    expect(bins.filter((path) => !tracked.has(path))).toEqual([]);
  });
});
