import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { installIntoFreshProject, userEnvironment } from './packaging/consumer-project';
import { ROOT } from './packaging/workspace';

const execFileAsync = promisify(execFile);
const fixtures = join(ROOT, 'tests/consumer');

// A new user's project: the packed packages installed with plain npm outside the repository. The
// install compiles better-sqlite3 where its prebuilt binary cannot be downloaded (as on this project's
// machines; @nnts/native uses its own prebuilt one), so this file takes one to two minutes.
describe('a project that installs the packed packages with npm', () => {
  let project = '';
  beforeAll(async () => {
    const tarballs = inject('packedPackages').map((p) => p.tarball);
    project = (await installIntoFreshProject(tarballs)).directory;
    for (const file of ['train.mjs', 'train.cjs', 'report.cjs']) copyFileSync(join(fixtures, file), join(project, file));
    // The README's program, verbatim: `npm install nnts` and one import (it is plain JavaScript too).
    writeFileSync(join(project, 'readme.mjs'), /```ts\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'packages/nnts/README.md'), 'utf8'))![1]!);
    for (const extension of ['mts', 'cts', 'ts']) copyFileSync(join(fixtures, 'usage.ts'), join(project, `usage.${extension}`));
  }, 400_000);
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it.each(['train.mjs', 'train.cjs'])('%s trains, saves to a store and to safetensors, and reloads both exactly', async (script) => {
    const { stdout } = await execFileAsync(process.execPath, [script], { cwd: project, env: userEnvironment() });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { backend: string; accuracy: number; storeReloadsExactly: boolean; safetensorsReloadsExactly: boolean };
    expect(result).toMatchObject({ storeReloadsExactly: true, safetensorsReloadsExactly: true });
    expect(result.accuracy).toBeGreaterThan(0.9);
    // The install compiled the addon where a toolchain is; CI has one (as @nnts/native's own test assumes).
    if (process.env.CI) expect(result.backend).toBe('native');
  }, 60_000);

  it('report.cjs draws and writes a live report from CommonJS', async () => {
    const { stdout } = await execFileAsync(process.execPath, ['report.cjs'], { cwd: project, env: userEnvironment() });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ finished: true, charts: 2, svg: true });
  }, 60_000);

  it("runs the nnts README's program, which trains from one import and records the run", async () => {
    const { stdout } = await execFileAsync(process.execPath, ['readme.mjs'], { cwd: project, env: userEnvironment() });
    expect(Number(/training accuracy ([\d.]+)/.exec(stdout)?.[1])).toBeGreaterThan(0.9);
    expect(existsSync(join(project, 'runs/nnts.db'))).toBe(true);
  }, 60_000);

  it('type-checks as an ES module and as CommonJS (node16) and under bundler resolution: --strict, no skipLibCheck, no @types/node', async () => {
    // No @types/node or the like, so nothing can hide a leak of Node's types. vega and vega-lite (for
    // @nnts/report) depend on @types/estree and @types/geojson, which declare no Node API.
    const types = existsSync(join(project, 'node_modules/@types')) ? readdirSync(join(project, 'node_modules/@types')) : [];
    expect(types.filter((name) => !['estree', 'geojson'].includes(name))).toEqual([]);
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const common = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--pretty', 'false'];
    const checks = [
      ['--module', 'node16', 'usage.mts'],
      ['--module', 'node16', 'usage.cts'],
      ['--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', 'usage.ts'],
    ];
    const outputs = await Promise.all(checks.map(async (check) => {
      const run = await execFileAsync(process.execPath, [tsc, ...common, ...check], { cwd: project }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
      return `${check.at(-1)}: ${run.stdout.trim() || 'ok'}`;
    }));
    expect(outputs).toEqual(['usage.mts: ok', 'usage.cts: ok', 'usage.ts: ok']);
  }, 120_000);
});
