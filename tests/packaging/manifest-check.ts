// What every published package.json must hold (issue 14, point 4), checked on the packed manifest:
// what npm users get, after pnpm has rewritten `workspace:` ranges.

export interface PackedManifest {
  readonly name?: string;
  readonly license?: string;
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly keywords?: readonly string[];
  readonly engines?: { readonly node?: string };
  readonly main?: string;
  readonly types?: string;
  readonly exports?: unknown;
  readonly bin?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

export interface Expected {
  /** The repository's git URL, as the root package.json gives it. */
  readonly repositoryUrl: string;
  /** The package's folder in the repository: `packages/tensor`. */
  readonly directory: string;
  readonly nodeRange: string;
}

/** Every way a packed package falls short, as sentences; empty when it is ready to publish. */
export function manifestProblems(manifest: PackedManifest, files: readonly string[], expected: Expected): string[] {
  const problems: string[] = [];
  const fail = (message: string): void => void problems.push(`${manifest.name ?? 'a package'}: ${message}`);
  if (manifest.license !== 'MIT') fail(`license is ${JSON.stringify(manifest.license)}, expected "MIT"`);
  if (!files.includes('LICENSE')) fail('the tarball has no LICENSE file');
  const { repository } = manifest;
  if (repository?.type !== 'git' || repository.url !== expected.repositoryUrl || repository.directory !== expected.directory) {
    fail(`repository is ${JSON.stringify(repository)}, expected git ${expected.repositoryUrl} with directory ${expected.directory}`);
  }
  if (!manifest.homepage?.startsWith('https://')) fail(`homepage is ${JSON.stringify(manifest.homepage)}, expected an https URL`);
  if (!manifest.bugs?.url?.startsWith('https://')) fail(`bugs.url is ${JSON.stringify(manifest.bugs?.url)}, expected an https URL`);
  if (!manifest.keywords?.length) fail('keywords are missing');
  if (manifest.engines?.node !== expected.nodeRange) fail(`engines.node is ${JSON.stringify(manifest.engines?.node)}, expected ${JSON.stringify(expected.nodeRange)}`);
  for (const [field, ranges] of Object.entries({ dependencies: manifest.dependencies, optionalDependencies: manifest.optionalDependencies, peerDependencies: manifest.peerDependencies })) {
    for (const [name, range] of Object.entries(ranges ?? {})) {
      // A caret range, so a patch of one package does not make users install two copies of another.
      if (name.startsWith('@nnts/') && !/^\^\d+\.\d+\.\d+$/.test(range)) fail(`${field} ${name} is ${JSON.stringify(range)}, expected a caret range (workspace:^)`);
    }
  }
  for (const target of [manifest.main, manifest.types, ...exportTargets(manifest.exports), ...Object.values(manifest.bin ?? {})]) {
    if (target !== undefined && !files.includes(target.replace(/^\.\//, ''))) fail(`${target} is named in package.json but not in the tarball`);
  }
  return problems;
}

/** Every file path an exports map names (conditions nested to any depth). */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}
