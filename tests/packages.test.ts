import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { PackedManifest } from './packaging/manifest-check';
import { manifestProblems } from './packaging/manifest-check';
import { tarballFiles, tarballText } from './packaging/tarball';
import { typeProblems } from './packaging/types-check';
import { ROOT } from './packaging/workspace';

const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string }; engines: { node: string } };

// What npm users get: every public package packed as a release would pack it (by the global setup), then checked.
describe('the packed packages', () => {
  const packed = inject('packedPackages');

  it('have types that resolve right for every consumer (arethetypeswrong: node10, node16 CJS and ESM, bundler)', async () => {
    expect(packed.map((p) => p.name)).toContain('@nnts/tensor');
    const problems = await Promise.all(packed.map(async (p) => (await typeProblems(p.tarball)).map((line) => `${p.name}: ${line}`)));
    expect(problems.flat()).toEqual([]);
  }, 120_000);

  it('carry the publish metadata: MIT LICENSE, repository with directory, homepage, bugs, keywords, engines, caret ranges', () => {
    const problems = packed.flatMap((p) => {
      const manifest = JSON.parse(tarballText(p.tarball, 'package.json')) as PackedManifest;
      return manifestProblems(manifest, tarballFiles(p.tarball), { repositoryUrl: root.repository.url, directory: p.directory, nodeRange: root.engines.node });
    });
    expect(problems).toEqual([]);
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    for (const p of packed) expect(tarballText(p.tarball, 'LICENSE'), p.name).toBe(license);
  });

  it('keep the charts out of the one-import package, and the charts package free of every other nnts package', () => {
    // As @tensorflow/tfjs leaves out tfjs-vis: vega and vega-lite are heavy, and a user who only trains
    // should not install them. @nnts/report reads a model structurally, so it needs no nnts package.
    const manifest = (name: string) => JSON.parse(tarballText(packed.find((p) => p.name === name)!.tarball, 'package.json')) as PackedManifest;
    expect(Object.keys(manifest('nnts').dependencies ?? {})).not.toContain('@nnts/report');
    expect(Object.keys(manifest('@nnts/report').dependencies ?? {}).sort()).toEqual(['vega', 'vega-lite']);
  });

  it("ship the store's command line once, as the ES module its bin runs, without a CommonJS copy or types", () => {
    const store = packed.find((p) => p.name === '@nnts/store')!;
    const files = tarballFiles(store.tarball);
    expect(files).toContain('dist/cli.js');
    expect(files.filter((file) => /^dist\/cli\.(cjs|d\.)/.test(file))).toEqual([]);
  });
});

describe('manifestProblems', () => {
  const expected = { repositoryUrl: 'git+https://github.com/o/r.git', directory: 'packages/x', nodeRange: '>=20.19' };
  const good: PackedManifest = {
    name: '@nnts/x', license: 'MIT', homepage: 'https://h', bugs: { url: 'https://b' }, keywords: ['k'], engines: { node: '>=20.19' },
    repository: { type: 'git', url: expected.repositoryUrl, directory: 'packages/x' }, main: './dist/index.cjs',
    exports: { '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' } } }, dependencies: { '@nnts/tensor': '^0.1.0', other: '1.2.3' },
  };
  const files = ['LICENSE', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.js'];

  it('accepts a complete manifest and names each missing or wrong field', () => {
    expect(manifestProblems(good, files, expected)).toEqual([]);
    expect(manifestProblems({ ...good, license: 'ISC', keywords: [] }, files.slice(1), expected)).toEqual([
      '@nnts/x: license is "ISC", expected "MIT"', '@nnts/x: the tarball has no LICENSE file', '@nnts/x: keywords are missing',
    ]);
    expect(manifestProblems({ ...good, repository: { type: 'git', url: expected.repositoryUrl } }, files, expected)[0]).toMatch(/expected git .* with directory packages\/x/);
    expect(manifestProblems({ ...good, engines: { node: '>=20' }, homepage: 'http://h', bugs: {} }, files, expected)).toHaveLength(3);
  });

  it('refuses exact internal pins and files the tarball lacks', () => {
    expect(manifestProblems({ ...good, dependencies: { '@nnts/tensor': '0.1.0' } }, files, expected)).toEqual(['@nnts/x: dependencies @nnts/tensor is "0.1.0", expected a caret range (workspace:^)']);
    expect(manifestProblems({ ...good, optionalDependencies: { '@nnts/native': 'workspace:*' } }, files, expected)).toHaveLength(1);
    expect(manifestProblems({ ...good, bin: { nnts: './dist/cli.js' } }, files, expected)).toEqual(['@nnts/x: ./dist/cli.js is named in package.json but not in the tarball']);
  });
});
