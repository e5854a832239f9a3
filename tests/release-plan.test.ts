import { existsSync } from 'node:fs';
import { join } from 'node:path';
import getReleasePlan from '@changesets/get-release-plan';
import { describe, expect, it } from 'vitest';
import { ROOT, publicPackages } from './packaging/workspace';

// A package not yet released has no CHANGELOG.md (`changeset version` writes it). Such a package sits
// at 0.0.0 with its pending changesets holding at least one minor change, so its first published
// version is 0.1.0, not 0.2.0.
describe('the release plan', () => {
  it('publishes every unreleased package first as 0.1.0', async () => {
    const plan = await getReleasePlan(ROOT);
    const unreleased = publicPackages().filter((p) => !existsSync(join(ROOT, p.directory, 'CHANGELOG.md')));
    const first = unreleased.map((p) => [p.name, plan.releases.find((release) => release.name === p.name)?.newVersion ?? 'no release planned']);
    expect(first.filter(([, version]) => version !== '0.1.0')).toEqual([]);
  });
});
