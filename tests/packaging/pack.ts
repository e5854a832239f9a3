import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runPnpm } from './pnpm';
import type { PublicPackage } from './workspace';
import { publicPackages } from './workspace';

export interface PackedPackage extends PublicPackage {
  /** Absolute path of the .tgz that `pnpm pack` wrote. */
  readonly tarball: string;
}

/**
 * Builds (a turbo cache hit after `pnpm build` or `pnpm test`) and packs every public package into
 * `destination` with pnpm, as a release would: pnpm rewrites `workspace:` ranges to real versions.
 */
export function packPublicPackages(destination: string): PackedPackage[] {
  const packages = publicPackages();
  const filters = packages.flatMap((p) => ['--filter', p.name]);
  // Through pnpm, which puts itself on turbo's PATH (turbo refuses to run without its package manager).
  runPnpm(['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only']);
  mkdirSync(destination, { recursive: true });
  runPnpm(['-r', ...filters, 'pack', '--pack-destination', destination]);
  const tarballs = readdirSync(destination);
  return packages.map((p) => {
    // pnpm names a tarball after the package: @nnts/tensor 0.1.0 -> nnts-tensor-0.1.0.tgz.
    const prefix = `${p.name.replace('@', '').replace('/', '-')}-`;
    const tarball = tarballs.find((file) => file.startsWith(prefix) && /^\d/.test(file.slice(prefix.length)));
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${p.name} into ${destination} (found ${tarballs.join(', ')})`);
    return { ...p, tarball: join(destination, tarball) };
  });
}
