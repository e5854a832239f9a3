import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** A data file shipped in this package's data/ folder (beside both src/ and dist/). */
export function readBundledFile(name: string): string {
  const path = fileURLToPath(new URL(`../data/${name}`, import.meta.url));
  const bytes = readFileSync(path);
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
