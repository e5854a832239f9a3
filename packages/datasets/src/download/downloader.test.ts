import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from '../idx';
import { sha256 } from './digest';
import type { DownloaderOptions } from './downloader';
import { DownloadError, Downloader } from './downloader';

// A small IDX fixture made here, served by a real HTTP server on the loopback interface.
const fixture = gzipSync(encodeIdx('uint8', [3, 2, 2], Array.from({ length: 12 }, (_, i) => i * 20)));
const file = { name: 'images-idx3-ubyte.gz', sha256: [sha256(fixture)] };

type Handler = (request: IncomingMessage, response: ServerResponse, count: number) => void;
let handlers: Record<string, Handler>;
const requests: string[] = [];
let server: Server;
let base: string;
let cache: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const [, mirror] = request.url!.split('/');
    requests.push(request.url!);
    const handler = handlers[mirror!];
    if (handler) handler(request, response, requests.filter((url) => url.startsWith(`/${mirror}/`)).length);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  handlers = {};
  requests.length = 0;
  cache = mkdtempSync(join(tmpdir(), 'nnts-download-'));
});

afterEach(() => rmSync(cache, { recursive: true, force: true }));

const serve = (body: Uint8Array): Handler => (_request, response) => {
  response.writeHead(200, { 'content-length': body.length }).end(body);
};

function downloader(mirrors: string[], options: Partial<DownloaderOptions> = {}): Downloader {
  return new Downloader({ mirrors: mirrors.map((m) => `${base}/${m}/`), cacheDirectory: cache, backoffMs: 10, timeoutMs: 2000, progress: false, ...options });
}

const cachedFiles = (): string[] => readdirSync(cache);

describe('Downloader', () => {
  it('downloads, verifies and keeps a file', async () => {
    handlers.a = serve(fixture);
    const path = await downloader(['a']).fetch(file);
    expect(readFileSync(path)).toEqual(Buffer.from(fixture));
    expect(parseIdx(readFileSync(path), path).dims).toEqual([3, 2, 2]);
    expect(requests).toEqual(['/a/images-idx3-ubyte.gz']);
    expect(cachedFiles()).toEqual([file.name]);
  });

  it('uses a cached file without any request', async () => {
    handlers.a = serve(fixture);
    await downloader(['a']).fetch(file);
    await downloader(['a']).fetch(file);
    expect(requests).toHaveLength(1);
  });

  it('refuses a checksum mismatch and caches nothing', async () => {
    handlers.a = serve(gzipSync(encodeIdx('uint8', [1], [9])));
    await expect(downloader(['a']).fetch(file)).rejects.toThrow(/SHA-256 mismatch/);
    expect(cachedFiles()).toEqual([]);
    expect(requests).toHaveLength(1); // a wrong file is not fetched again from the same mirror
  });

  it('treats a truncated body as a failure, retries, and caches nothing', async () => {
    handlers.a = (_request, response) => {
      response.writeHead(200, { 'content-length': fixture.length });
      response.write(fixture.subarray(0, 10));
      setTimeout(() => response.destroy(), 20);
    };
    const error = await downloader(['a'], { retries: 1 }).fetch(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(String(error)).toMatch(/attempt 2/);
    expect(requests).toHaveLength(2);
    expect(cachedFiles()).toEqual([]);
  });

  it('retries after a server error and then succeeds', async () => {
    handlers.a = (request, response, count) => (count === 1 ? response.writeHead(503).end() : serve(fixture)(request, response, count));
    await downloader(['a']).fetch(file);
    expect(requests).toHaveLength(2);
    expect(cachedFiles()).toEqual([file.name]);
  });

  it('gives up on a stalled server after the timeout', async () => {
    handlers.a = () => undefined; // accepts the request, never answers
    const started = Date.now();
    await expect(downloader(['a'], { retries: 0, timeoutMs: 200 }).fetch(file)).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(cachedFiles()).toEqual([]);
  });

  it('fails over to the next mirror', async () => {
    handlers.b = serve(fixture);
    await downloader(['missing', 'b']).fetch(file);
    expect(requests).toEqual(['/missing/images-idx3-ubyte.gz', '/b/images-idx3-ubyte.gz']);
  });

  it('shares one download between concurrent loads, and concurrent downloaders never corrupt the cache', async () => {
    handlers.a = (request, response, count) => setTimeout(() => serve(fixture)(request, response, count), 50);
    const shared = downloader(['a']);
    const [first, second] = await Promise.all([shared.fetch(file), shared.fetch(file)]);
    expect(first).toBe(second);
    expect(requests).toHaveLength(1);
    rmSync(first);
    await Promise.all([downloader(['a']).fetch(file), downloader(['a']).fetch(file)]);
    expect(readFileSync(first)).toEqual(Buffer.from(fixture));
    expect(cachedFiles()).toEqual([file.name]); // no stray temporary files
  });

  it('offline mode fails fast, saying where to put the file', async () => {
    handlers.a = serve(fixture);
    const error = await downloader(['a'], { offline: true }).fetch(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(String(error)).toContain(`offline: ${file.name} is not in ${cache}`);
    expect(String(error)).toContain(file.sha256[0]);
    expect(requests).toHaveLength(0);
  });

  it('replaces a damaged cached copy instead of trusting it', async () => {
    handlers.a = serve(fixture);
    const path = await downloader(['a']).fetch(file);
    readFileSync(path); // intact
    await import('node:fs').then((fs) => fs.writeFileSync(path, 'garbage'));
    await downloader(['a']).fetch(file);
    expect(readFileSync(path)).toEqual(Buffer.from(fixture));
    expect(requests).toHaveLength(2);
  });

  it('takes a mirror written without its trailing slash as the folder it names', async () => {
    handlers.a = serve(fixture);
    await new Downloader({ mirrors: [`${base}/a`], cacheDirectory: cache, progress: false }).fetch(file);
    expect(requests).toEqual(['/a/images-idx3-ubyte.gz']);
  });

  it('removes the temporary file a killed download left, and leaves one a live download is writing', async () => {
    handlers.a = serve(fixture);
    const dead = join(cache, `${file.name}.1b9d6bcd.part`);
    const live = join(cache, `${file.name}.9f8e7d6c.part`);
    writeFileSync(dead, 'half a file');
    writeFileSync(live, 'being written');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(dead, anHourAgo, anHourAgo);
    await downloader(['a']).fetch(file);
    expect(cachedFiles().sort()).toEqual([file.name, `${file.name}.9f8e7d6c.part`]);
  });

  describe('a hostile or broken mirror', () => {
    // 64 MiB of zeros in about 64 KiB of gzip, served for a file of a few dozen bytes.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const content = encodeIdx('uint8', [3, 2, 2], Array.from({ length: 12 }, (_, i) => i * 20));
    const sized = { ...file, size: fixture.length, contentSize: content.length };

    it('a gzip bomb is cut off at the size the file should have, and caches nothing', async () => {
      handlers.a = serve(bomb);
      const error = await downloader(['a']).fetch(sized).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect(String(error)).toContain(`the server announces ${bomb.length} bytes, the file has ${fixture.length}; refused`);
      expect(requests).toHaveLength(1); // not retried
      expect(cachedFiles()).toEqual([]);
    });

    it('an unverified gzip stream is decompressed only up to the size of its content', async () => {
      handlers.a = serve(bomb);
      const { size: _size, ...unsized } = sized; // no published size: only the content size guards
      const started = process.memoryUsage().arrayBuffers;
      const error = await downloader(['a']).fetch(unsized).catch((e: unknown) => e);
      expect(String(error)).toContain(`decompresses past the ${content.length} bytes its content has; refused`);
      expect(process.memoryUsage().arrayBuffers - started).toBeLessThan(32 * 1024 * 1024);
      expect(cachedFiles()).toEqual([]);
    });

    it('an endless body is cut off at the size the file should have, and nothing stays on disk', async () => {
      handlers.a = (_request, response) => {
        response.writeHead(200); // chunked, no Content-Length
        const chunk = Buffer.alloc(16 * 1024, 7);
        const pump = (): void => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        response.on('close', () => response.destroy());
        pump();
      };
      const error = await downloader(['a']).fetch(sized).catch((e: unknown) => e);
      expect(String(error)).toContain(`the body ran past the ${fixture.length} bytes it should have; refused`);
      expect(requests).toHaveLength(1);
      expect(cachedFiles()).toEqual([]);
    });

    it('a trickle (a byte at a time, never idle for long) ends at the deadline', async () => {
      handlers.a = (_request, response) => {
        response.writeHead(200, { 'content-length': fixture.length });
        let sent = 0;
        const timer = setInterval(() => (sent < fixture.length - 1 && !response.destroyed ? response.write(fixture.subarray(sent, ++sent)) : clearInterval(timer)), 20);
        response.on('close', () => clearInterval(timer));
      };
      const started = Date.now();
      const error = await downloader(['a'], { deadlineMs: 300 }).fetch(sized).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect(String(error)).toContain(`download of ${file.name} ran past its deadline of 300 ms`);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(cachedFiles()).toEqual([]);
    });

    it('an AbortSignal ends a download, its retries and its mirrors at once', async () => {
      handlers.a = () => undefined; // never answers
      handlers.b = serve(fixture);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const error = await downloader(['a', 'b']).fetch(sized, { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect(String(error)).toContain(`download of ${file.name} aborted`);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(requests).toEqual(['/a/images-idx3-ubyte.gz']);
      expect(cachedFiles()).toEqual([]);
    });

    it('tries https mirrors before plain http ones', () => {
      const mixed = new Downloader({ mirrors: ['http://one.example/', 'https://two.example/', 'http://three.example/', 'https://four.example/'], cacheDirectory: cache, progress: false });
      expect((mixed as unknown as { options: { mirrors: string[] } }).options.mirrors).toEqual(['https://two.example/', 'https://four.example/', 'http://one.example/', 'http://three.example/']);
    });
  });

  it('a directory where the cached file belongs is a DownloadError naming it', async () => {
    handlers.a = serve(fixture);
    mkdirSync(join(cache, file.name));
    const error = await downloader(['a']).fetch(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(String(error)).toContain(`${join(cache, file.name)} is a directory (or another non-file) where the cached ${file.name} belongs`);
    expect(requests).toHaveLength(0);
  });

  it('reports progress up to the full size', async () => {
    handlers.a = serve(fixture);
    const reports: [number, number | null][] = [];
    await downloader(['a'], { progress: () => (received, total) => reports.push([received, total]) }).fetch(file);
    expect(reports.at(-1)).toEqual([fixture.length, fixture.length]);
    expect(existsSync(join(cache, file.name))).toBe(true);
  });
});
