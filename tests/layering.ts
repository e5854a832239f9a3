import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The package graph of DEVELOPERS.md as ranks: a package may depend only on packages of a lower rank.
//   native, wasm <- tensor <- activations, losses, metrics, datasets <- layers <- train <- store, report <- nnts, apps
// (nnts, the one-import package, re-exports every package's public API and holds no code of its own.)
// (native, the optional addon, and wasm, the WebAssembly kernels, know nothing of tensors: they take
// typed arrays and sizes.)
// (report, the charts, uses no nnts package at run time: it reads a model structurally. It sits beside
// store because its tests train a real model with train and layers.)
export const RANKS: Readonly<Record<string, number>> = {
  '@nnts/native': -1,
  '@nnts/wasm': -1,
  '@nnts/tensor': 0,
  '@nnts/activations': 1,
  '@nnts/losses': 1,
  '@nnts/metrics': 1,
  '@nnts/datasets': 1,
  '@nnts/layers': 2,
  '@nnts/train': 3,
  '@nnts/store': 4,
  '@nnts/report': 4,
  nnts: 5,
  '@nnts/examples': 5,
  '@nnts/playground': 5,
};

/** Packages every package may use: shared build configuration, not code. */
const TOOLING = new Set(['@nnts/tsconfig']);

export interface PackageSource {
  readonly name: string;
  /** Names in dependencies, optionalDependencies, devDependencies and peerDependencies. */
  readonly declared: readonly string[];
  /** Source files as [path, text]. */
  readonly files: readonly (readonly [string, string])[];
}

const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"](@nnts\/[^'"]+)['"]/g;

/** Every way `source` breaks the graph, as readable sentences; empty when it is clean. */
export function findLayeringViolations(source: PackageSource): string[] {
  const problems: string[] = [];
  const own = RANKS[source.name];
  if (own === undefined) return [`${source.name} is not in the package graph of tests/layering.ts: add it with its rank`];
  const check = (target: string, where: string): void => {
    const base = target.split('/').slice(0, 2).join('/');
    if (TOOLING.has(base) || base === source.name) return;
    const rank = RANKS[base];
    if (rank === undefined) problems.push(`${source.name} uses ${target} (${where}), which is not in the package graph`);
    else if (rank >= own) problems.push(`${source.name} (rank ${own}) uses ${target} (rank ${rank}) in ${where}: a package may only use packages below it`);
    if (target !== base) problems.push(`${source.name} deep-imports ${target} in ${where}: use the package's public entry ${base}`);
  };
  for (const name of source.declared) check(name, 'package.json');
  for (const [path, text] of source.files) for (const match of text.matchAll(IMPORT)) check(match[1]!, path);
  return problems;
}

function listFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : listFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry) ? [path] : [];
  });
}

/** Reads every workspace package under packages/ and apps/ of `root`. */
export function readWorkspace(root: string): PackageSource[] {
  return ['packages', 'apps'].flatMap((group) => {
    const groupDirectory = join(root, group);
    if (!existsSync(groupDirectory)) return [];
    return readdirSync(groupDirectory).flatMap((entry) => {
      const manifestPath = join(groupDirectory, entry, 'package.json');
      if (!existsSync(manifestPath)) return [];
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Record<string, string> | string>;
      if (TOOLING.has(manifest.name as string)) return [];
      const declared = ['dependencies', 'optionalDependencies', 'devDependencies', 'peerDependencies']
        .flatMap((field) => Object.keys((manifest[field] as Record<string, string> | undefined) ?? {}))
        .filter((name) => name.startsWith('@nnts/'));
      const files = listFiles(join(groupDirectory, entry)).map((path) => [path, readFileSync(path, 'utf8')] as const);
      return [{ name: manifest.name as string, declared, files }];
    });
  });
}
