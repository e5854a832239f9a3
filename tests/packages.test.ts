import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackedPackage } from './packaging/pack';
import { packPublicPackages } from './packaging/pack';
import { typeProblems } from './packaging/types-check';

// What npm users get: every public package packed as a release would pack it, then checked.
describe('the packed packages', () => {
  const directory = mkdtempSync(join(tmpdir(), 'nnts-packs-'));
  let packed: PackedPackage[] = [];
  beforeAll(() => {
    packed = packPublicPackages(directory);
  }, 120_000);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('have types that resolve right for every consumer (arethetypeswrong: node10, node16 CJS and ESM, bundler)', async () => {
    expect(packed.map((p) => p.name)).toContain('@nnts/tensor');
    const problems = await Promise.all(packed.map(async (p) => (await typeProblems(p.tarball)).map((line) => `${p.name}: ${line}`)));
    expect(problems.flat()).toEqual([]);
  }, 120_000);
});
