import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The kernels in a real browser: Debian's chromium (which .ci/run installs when it is absent), headless,
// on a page served from 127.0.0.1 with and without the headers that isolate it across origins. The page
// loads the package bundled for browsers, checks what it can, and posts its report back to the server.

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

// Runs in the page: one- and two-thread kernels, the same products on each, and whether their bits agree.
const PAGE_SCRIPT = `
import { loadWasmKernelsAsync } from './index';
import { values } from './test-data';

const sameBits = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
async function report() {
  const two = await loadWasmKernelsAsync({ threads: 2 });
  const one = await loadWasmKernelsAsync({ threads: 1 });
  const [m, k, n] = [96, 300, 200];
  const [a, b] = [values(m * k, 1), values(k * n, 2)];
  const products = [one, two].map((kernels) => {
    const out = new Float32Array(m * n);
    kernels.matmulF32(a, b, out, m, k, n, false, true, null);
    return out;
  });
  const g = { batch: 32, inHeight: 28, inWidth: 28, inChannels: 1, outHeight: 28, outWidth: 28, outChannels: 6, kernelHeight: 5, kernelWidth: 5,
    strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 2, padLeft: 2 };
  const [x, kernel, dy] = [values(32 * 28 * 28, 3), values(150, 4), values(32 * 28 * 28 * 6, 5)];
  const convolutions = [one, two].map((kernels) => {
    const out = new Float32Array(dy.length);
    const dkernel = new Float32Array(150);
    const dx = new Float32Array(x.length);
    kernels.conv2dF32(x, kernel, null, out, g);
    kernels.conv2dBackpropFilterF32(x, dy, dkernel, g);
    kernels.conv2dBackpropInputF32(dy, kernel, dx, g);
    return [out, dkernel, dx];
  });
  return {
    isolated: globalThis.crossOriginIsolated === true,
    details: [two.details, one.details],
    matmul: sameBits(products[0], products[1]),
    convolutions: convolutions[0].map((array, i) => sameBits(array, convolutions[1][i])),
    finite: products[1].every(Number.isFinite) && convolutions[1].every((array) => array.every(Number.isFinite)),
  };
}
report().catch((error) => ({ error: String(error && error.stack || error) })).then((result) =>
  fetch('/result', { method: 'POST', body: JSON.stringify(result) }));
`;

/** Serves the page (with the isolating headers or without) and returns what it posts back. */
async function pageReport(isolated: boolean): Promise<Record<string, unknown>> {
  const bundle = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
    bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  let received: (body: string) => void = () => {};
  const result = new Promise<string>((resolve) => (received = resolve));
  const server = createServer((request, response) => {
    const headers: Record<string, string> = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    if (request.method === 'POST' && request.url === '/result') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        response.end();
        received(body);
      });
      return;
    }
    if (request.url === '/page.js') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(script);
      return;
    }
    if (request.url === '/') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!doctype html><title>nnts wasm threads</title><script type="module" src="/page.js"></script>');
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(join(tmpdir(), 'nnts-chromium-'));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];
  // In a process group of its own, so that its helper processes end with it.
  const browser = spawn(chromium!, [...flags, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`], { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the page did not report within 60 s')), 60_000).unref());
    return JSON.parse(await Promise.race([result, timeout])) as Record<string, unknown>;
  } finally {
    if (browser.exitCode === null) process.kill(-browser.pid!, 'SIGTERM');
    server.close();
    await exited;
    // A helper process may still be finishing a write to the profile for a moment.
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  }
}

describe('the WebAssembly kernels in headless Chromium', () => {
  it.skipIf(!chromium)('run on two threads in a cross-origin-isolated page (a Web Worker on the shared memory), with the bits of one thread', async () => {
    const report = await pageReport(true);
    expect(report).toEqual({ isolated: true, details: ['simd128, 2 threads', 'simd128, 1 thread'], matmul: true, convolutions: [true, true, true], finite: true });
  }, 90_000);

  it.skipIf(!chromium)('run on one thread in a page that is not isolated', async () => {
    const report = await pageReport(false);
    expect(report).toEqual({ isolated: false, details: ['simd128, 1 thread', 'simd128, 1 thread'], matmul: true, convolutions: [true, true, true], finite: true });
  }, 90_000);
});
