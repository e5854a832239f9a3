import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findLayeringViolations, readWorkspace } from './layering';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('package layering', () => {
  it('no package in this repository uses a package above it', () => {
    const packages = readWorkspace(root);
    expect(packages.map((p) => p.name)).toContain('@nnts/tensor');
    expect(packages.flatMap(findLayeringViolations)).toEqual([]);
  });

  it('catches an upward import, a sibling import, a deep import and an unknown package', () => {
    expect(findLayeringViolations({ name: '@nnts/tensor', declared: [], files: [['src/a.ts', "import { Dense } from '@nnts/layers';"]] }))
      .toEqual(['@nnts/tensor (rank 0) uses @nnts/layers (rank 2) in src/a.ts: a package may only use packages below it']);
    expect(findLayeringViolations({ name: '@nnts/losses', declared: ['@nnts/metrics'], files: [] })).toHaveLength(1);
    expect(findLayeringViolations({ name: '@nnts/train', declared: [], files: [['x.ts', "const t = require('@nnts/tensor/src/ops');"]] }))
      .toEqual(['@nnts/train deep-imports @nnts/tensor/src/ops in x.ts: use the package\'s public entry @nnts/tensor']);
    expect(findLayeringViolations({ name: '@nnts/unknown', declared: [], files: [] })[0]).toMatch(/not in the package graph/);
    expect(findLayeringViolations({ name: '@nnts/store', declared: ['@nnts/train', '@nnts/tsconfig'], files: [['s.ts', "export * from '@nnts/tensor';"]] })).toEqual([]);
  });
});
