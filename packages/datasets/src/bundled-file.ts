import { requireNode } from './node-runtime';

/**
 * A data file shipped in this package's data/ folder (beside both src/ and dist/), read for `caller`.
 * In a runtime without Node the caller's error says how to pass the file's text instead.
 */
export function readBundledFile(name: string, caller: string): string {
  const gzip = name.endsWith('.gz');
  const node = requireNode({
    caller,
    needs: `reads data/${name}, a file shipped in @nnts/datasets, with Node's file system`,
    instead: `In a browser, fetch that file (serve it from node_modules/@nnts/datasets/data/ or a CDN)${gzip ? ', decompress it (DecompressionStream(\'gzip\'))' : ''} and pass its text: ${caller}({ csv }).`,
  });
  const path = node.url.fileURLToPath(new URL(`../data/${name}`, import.meta.url));
  const bytes = node.fs.readFileSync(path);
  return (gzip ? node.zlib.gunzipSync(bytes) : bytes).toString('utf8');
}
