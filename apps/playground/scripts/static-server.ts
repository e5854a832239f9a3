import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** A running server of a folder's files. */
export interface StaticServer {
  /** Where it answers, e.g. http://127.0.0.1:5173/ */
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.bin': 'application/octet-stream', '.wasm': 'application/wasm',
};

/**
 * What makes the page cross-origin isolated: SharedArrayBuffer, and so WebAssembly threads, exist
 * only in such pages. Everything the page loads comes from this server, so nothing else is needed.
 */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } as const;

/**
 * Serves the files under `root` on `host` (127.0.0.1 by default: only this machine) and `port` (0,
 * the default, picks a free one), with the isolation headers on every answer.
 */
export async function startStaticServer(options: { readonly root: string; readonly host?: string; readonly port?: number }): Promise<StaticServer> {
  const root = normalize(options.root);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    const headers = { ...ISOLATION_HEADERS, 'Cache-Control': 'no-store' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400, headers).end('bad path');
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      response.writeHead(404, headers).end('not found');
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      () => response.writeHead(404, headers).end('not found'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
