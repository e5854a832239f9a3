import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, publicPackages } from './packaging/workspace';

// Each published package's README begins with its install line and a complete program: the first
// code block is `npm install` of every package the second block imports, and the second runs as it is.
const READMES = publicPackages().map((p) => {
  const text = readFileSync(join(ROOT, p.directory, 'README.md'), 'utf8');
  const blocks = [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((match) => ({ language: match[1]!, code: match[2]! }));
  return { ...p, text, blocks };
});

describe('package READMEs', () => {
  it.each(READMES.map((r) => [r.name, r] as const))('%s begins with its install line and a snippet that imports only what it installs', (_, readme) => {
    const [install, snippet] = readme.blocks;
    expect(install?.language).toBe('sh');
    const installed = /^npm install ((?:[@\w/.-]+ ?)+)\n$/.exec(install!.code)?.[1]?.trim().split(' ') ?? [];
    expect(installed[0]).toBe(readme.name);
    expect(snippet?.language).toBe('ts');
    const imported = [...snippet!.code.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((name) => !installed.includes(name))).toEqual([]);
  });

  it.each(READMES.map((r) => [r.name, r] as const))("%s's snippet runs as it is", (_, readme) => {
    // Inside the package (not under node_modules), so the package resolves by Node's self-reference and
    // the others from its node_modules; .readme-check/ is git-ignored.
    const base = join(ROOT, readme.directory, '.readme-check');
    mkdirSync(base, { recursive: true });
    const scratch = mkdtempSync(join(base, 'run-'));
    try {
      writeFileSync(join(scratch, 'snippet.mts'), readme.blocks[1]!.code);
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'snippet.mts'], { cwd: scratch, encoding: 'utf8', env: { ...process.env, NNTS_BACKEND: undefined } });
      expect(result.stderr.replace(/^npm warn.*\n/gm, '')).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});
