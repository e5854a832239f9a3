import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { PackedPackage } from './pack';
import { packPublicPackages } from './pack';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Every public package, packed once for all test files (see packPublicPackages). */
    packedPackages: PackedPackage[];
  }
}

// Packs once before the repository's test files run, which then share the tarballs: packing in each
// file would build and pack concurrently, and @nnts/native's prepack and postpack of one file would
// remove the prebuilt binary while another packs it.
export default function setup(project: TestProject): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'nnts-packs-'));
  project.provide('packedPackages', packPublicPackages(directory));
  return () => rmSync(directory, { recursive: true, force: true });
}
