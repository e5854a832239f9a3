// The playground page (apps/playground) in a real browser: Debian's chromium, which .ci/run installs
// when it is absent, driven headless through playwright-core. The page is built, served on 127.0.0.1
// with the cross-origin isolation headers, trains on the WebAssembly backend, and reads digits drawn
// on it with the mouse; a screenshot is left in out/playground/.
// The functions given to page.evaluate run in the page, so they are typed against the DOM.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground } from '../apps/playground/scripts/build';
import type { StaticServer } from '../apps/playground/scripts/static-server';
import { startStaticServer } from '../apps/playground/scripts/static-server';
import { PIXELS, decodeDigits } from '../apps/playground/src/digits-format';
import { VALIDATION_SPLIT, splitDigits } from '../apps/playground/src/split-digits';

const ROOT = join(import.meta.dirname, '..');
const SCREENSHOT = join(ROOT, 'out', 'playground', 'screenshot.png');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

/** Canvas pixels of one of the 8 cells of a replayed digit, and where the digit starts. */
const CELL = 24;
const ORIGIN = 32;

/**
 * Draws an 8x8 image on the page's sketch pad with the mouse, as a person would trace it: each row's
 * runs of dark pixels (8 or more of 16) become one horizontal stroke through the cells' centres.
 */
async function replay(page: Page, pixels: Uint8Array): Promise<void> {
  const box = await page.evaluate(() => {
    const canvas = document.getElementById('sketch') as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    return { left: rect.left + canvas.clientLeft, top: rect.top + canvas.clientTop, scale: canvas.clientWidth / canvas.width };
  });
  const at = (cell: number): number => (ORIGIN + (cell + 0.5) * CELL) * box.scale;
  for (let row = 0; row < 8; row++) {
    for (let column = 0; column < 8; column++) {
      if (pixels[row * 8 + column]! < 8) continue;
      let end = column;
      while (end + 1 < 8 && pixels[row * 8 + end + 1]! >= 8) end++;
      await page.mouse.move(box.left + at(column), box.top + at(row));
      await page.mouse.down();
      await page.mouse.move(box.left + at(end), box.top + at(row), { steps: Math.max(1, end - column) * 2 });
      await page.mouse.up();
      column = end;
    }
  }
}

/** The prediction the page shows: the digit it reads and the ten probabilities. */
async function shownPrediction(page: Page): Promise<{ label: number; probabilities: number[] }> {
  return page.evaluate(() => {
    const view = document.getElementById('prediction')!;
    const rows = [...view.querySelectorAll<HTMLElement>('li[data-digit]')];
    return { label: Number(view.dataset.label), probabilities: rows.map((row) => Number(row.dataset.probability)) };
  });
}

/** The page, opened; `problems` collects console errors and uncaught exceptions as they come. */
async function openPage(browser: Browser, url: string, options: { readonly withoutWebAssembly?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  // A browser without WebAssembly, as far as the page can tell.
  if (options.withoutWebAssembly) await page.addInitScript(() => delete (globalThis as { WebAssembly?: unknown }).WebAssembly);
  await page.goto(url);
  return { page, problems };
}

/** Waits for training to pass 0.95 validation accuracy (or the page to fail), then for it to end. */
async function trainedPage(page: Page): Promise<{ valAccuracy: number; state: string; epoch: string; backend: { name: string; text: string } }> {
  // The accuracy is taken inside the wait: read afterwards, it may be a later epoch's (training runs on
  // in the page, an epoch every few milliseconds). An error gives -1, for the assertion to report.
  const reached = await page.waitForFunction(() => {
    const { state, valAccuracy } = document.getElementById('status')!.dataset;
    if (state === 'error') return -1;
    return Number(valAccuracy) >= 0.95 ? Number(valAccuracy) : false;
  }, null, { timeout: 30_000 });
  const valAccuracy = (await reached.jsonValue()) as number;
  await page.waitForFunction(() => document.getElementById('status')!.dataset.state !== 'training', null, { timeout: 30_000 });
  return page.evaluate((firstAbove) => {
    const { state, epoch } = document.getElementById('status')!.dataset;
    const backend = document.getElementById('backend')!;
    return { valAccuracy: firstAbove, state: state!, epoch: epoch ?? '', backend: { name: backend.dataset.name ?? '', text: backend.textContent ?? '' } };
  }, valAccuracy);
}

describe.skipIf(!executablePath)('the playground in headless Chromium', () => {
  let dist: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'nnts-playground-'));
    await buildPlayground(dist);
    server = await startStaticServer({ root: dist });
    browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('trains on the wasm backend to 0.95 validation accuracy, reads digits drawn with the mouse, and is captured as a screenshot', async () => {
    const { page, problems } = await openPage(browser, server.url);
    const trained = await trainedPage(page);
    expect(problems).toEqual([]);
    expect(trained.valAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(trained.backend.name).toBe('wasm');
    expect(trained.backend.text).toMatch(/^Backend: wasm/);
    // The page is isolated, so the kernels run a second thread in a Web Worker where there are two cores.
    if (await page.evaluate(() => navigator.hardwareConcurrency >= 2)) expect(trained.backend.text).toMatch(/2 threads/);
    expect(trained.backend.text).not.toMatch(/did not load/);
    expect([trained.state, trained.epoch]).toEqual(['done', '40']);
    console.log(`playground: ${await page.textContent('#status')} (${trained.backend.text})`);
    // The loss curves are on the chart: pixels in both lines' colours.
    const curves = await page.evaluate(() => {
      const canvas = document.getElementById('loss-chart') as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const count = (r: number, g: number, b: number) => {
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) n++;
        return n;
      };
      return { loss: count(0x1f, 0x77, 0xb4), valLoss: count(0xff, 0x7f, 0x0e) };
    });
    expect(curves.loss).toBeGreaterThan(200);
    expect(curves.valLoss).toBeGreaterThan(200);

    // The first validation image of each digit, traced on the pad: the network never trained on them.
    const digits = decodeDigits(readFileSync(join(dist, 'digits.bin')));
    const { validationIndices } = splitDigits(digits, VALIDATION_SPLIT);
    const traced = Array.from({ length: 10 }, (_, digit) => [...validationIndices].find((i) => digits.labels[i] === digit)!);
    const readings: number[] = [];
    for (const index of traced) {
      await page.click('#clear');
      await replay(page, digits.pixels.subarray(index * PIXELS, (index + 1) * PIXELS));
      const prediction = await shownPrediction(page);
      expect(prediction.probabilities).toHaveLength(10);
      expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(prediction.probabilities.indexOf(Math.max(...prediction.probabilities))).toBe(prediction.label);
      readings.push(prediction.label);
    }
    console.log(`playground: the traced digits 0-9 were read as ${readings.join(' ')}`);
    expect(readings).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // Restart with another seed: a new network trains, and the 9 still on the pad is read by it.
    await page.fill('#seed', '7');
    await page.click('#restart');
    await page.waitForFunction(() => document.getElementById('status')!.dataset.seed === '7');
    const retrained = await trainedPage(page);
    expect([retrained.state, retrained.epoch]).toEqual(['done', '40']);
    expect((await shownPrediction(page)).label).toBe(9);
    console.log(`playground: restarted with seed 7: ${await page.textContent('#status')}`);
    expect(problems).toEqual([]);

    mkdirSync(join(ROOT, 'out', 'playground'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    console.log(`playground: screenshot in ${SCREENSHOT}`);
    await page.close();
  }, 60_000);

  it('says so where WebAssembly is missing, and trains on the TypeScript backend instead', async () => {
    const { page, problems } = await openPage(browser, server.url, { withoutWebAssembly: true });
    const trained = await trainedPage(page);
    expect(problems).toEqual([]);
    expect(trained.backend.name).toBe('js');
    expect(trained.backend.text).toBe('Backend: js. The WebAssembly kernels did not load (WebAssembly is not defined), so this runs on the slower TypeScript backend.');
    expect(await page.evaluate(() => document.getElementById('backend')!.classList.contains('fallback'))).toBe(true);
    expect(trained.valAccuracy).toBeGreaterThanOrEqual(0.95);
    expect([trained.state, trained.epoch]).toEqual(['done', '40']);
    await page.close();
  }, 60_000);
});
