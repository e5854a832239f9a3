import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from './static-server';
import { startStaticServer } from './static-server';

let server: StaticServer;
const root = mkdtempSync(join(tmpdir(), 'nnts-static-'));

beforeAll(async () => {
  mkdirSync(join(root, 'page'));
  writeFileSync(join(root, 'page', 'index.html'), '<p>hello</p>');
  writeFileSync(join(root, 'page', 'main.js'), 'export {};');
  // Beside the served folder, not in it.
  writeFileSync(join(root, 'secret.txt'), 'not for the page');
  server = await startStaticServer({ root: join(root, 'page') });
});
afterAll(() => server.close());

describe('startStaticServer', () => {
  it('answers on 127.0.0.1 on a free port, with index.html for / and the type of each file', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html; charset=utf-8', '<p>hello</p>']);
    const script = await fetch(new URL('main.js', server.url));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('makes every answer cross-origin isolated, a missing file included', async () => {
    for (const path of ['', 'main.js', 'missing.js']) {
      const response = await fetch(new URL(path, server.url));
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    }
    expect((await fetch(new URL('missing.js', server.url))).status).toBe(404);
  });

  it('serves nothing outside its folder and only GET and HEAD', async () => {
    // URLs resolve '..' and '%2e%2e' away; an escaped slash reaches the server, which decodes it to '/../secret.txt'.
    expect((await fetch(`${server.url}..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });
});
