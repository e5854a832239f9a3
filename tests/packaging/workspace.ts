import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory the tests run from. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface PublicPackage {
  readonly name: string;
  /** The package's folder, relative to the root: `packages/tensor`. */
  readonly directory: string;
}

/** Every package under packages/ that is published (not `private`), in folder order. */
export function publicPackages(): PublicPackage[] {
  const found: PublicPackage[] = [];
  for (const folder of readdirSync(join(ROOT, 'packages')).sort()) {
    const file = join(ROOT, 'packages', folder, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name: string; private?: boolean };
    if (!manifest.private) found.push({ name: manifest.name, directory: `packages/${folder}` });
  }
  return found;
}
