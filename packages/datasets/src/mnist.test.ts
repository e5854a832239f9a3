import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from './download/digest';
import { encodeIdx } from './idx';
import type { IdxDatasetSpec } from './mnist';
import { FASHION_MNIST, loadFashionMnist, loadIdxDataset, loadMnist } from './mnist';

const debian = FASHION_MNIST.systemDirectories[0]!;
const installed = existsSync(join(debian, 'train-images-idx3-ubyte.gz'));

describe('MNIST and Fashion-MNIST', () => {
  it('looks in the cache before the system directories, as the README says', async () => {
    const images = encodeIdx('uint8', [2, 28, 28], Array.from({ length: 2 * 784 }, (_, i) => i % 256));
    const labels = encodeIdx('uint8', [2], [3, 7]);
    const [cache, system] = [mkdtempSync(join(tmpdir(), 'nnts-cache-')), mkdtempSync(join(tmpdir(), 'nnts-system-'))];
    for (const [name, bytes] of [['images', images], ['labels', labels]] as const) {
      writeFileSync(join(cache, name), bytes);
      writeFileSync(join(system, name), 'a damaged copy that a system directory happens to hold');
    }
    const spec: IdxDatasetSpec = {
      name: 'tiny', title: 'tiny', mirrors: [], systemDirectories: [system], classNames: Array.from({ length: 10 }, (_, d) => String(d)),
      files: { trainImages: { name: 'images', sha256: [sha256(images)] }, trainLabels: { name: 'labels', sha256: [sha256(labels)] }, testImages: { name: 'x', sha256: [] }, testLabels: { name: 'y', sha256: [] } },
    };
    const loaded = await loadIdxDataset(spec, { download: { offline: true, cacheDirectory: cache } });
    expect(Array.from(loaded.target.data)).toEqual([3, 7]);
  });

  it.skipIf(!installed)("loads Debian's dataset-fashion-mnist through the local source, verified", async () => {
    const train = await loadFashionMnist({ directory: debian, normalize: true });
    expect(train.data.shape).toEqual([60000, 784]);
    expect(train.target.shape).toEqual([60000]);
    const counts = new Array<number>(10).fill(0);
    for (const label of train.target.data) counts[label]!++;
    expect(counts).toEqual(new Array(10).fill(6000));
    expect(Math.max(...train.data.data.subarray(0, 784 * 10))).toBeLessThanOrEqual(1);
    const test = await loadFashionMnist({ directory: debian, split: 'test' });
    expect(test.data.shape).toEqual([10000, 784]);
    expect(test.targetNames[9]).toBe('Ankle boot');
  }, 30_000);

  it.skipIf(!installed)("gives images as [n, 28, 28, 1] with layout 'image', the same pixels in the same order", async () => {
    const flat = await loadFashionMnist({ directory: debian, split: 'test' });
    const images = await loadFashionMnist({ directory: debian, split: 'test', layout: 'image' });
    expect(images.data.shape).toEqual([10000, 28, 28, 1]);
    expect(Buffer.compare(Buffer.from(images.data.data.buffer), Buffer.from(flat.data.data.buffer))).toBe(0);
    await expect(loadFashionMnist({ directory: debian, layout: 'nchw' as never })).rejects.toThrow(`load fashion-mnist: layout must be 'flat' or 'image', got "nchw"`);
  }, 30_000);

  it.skipIf(!installed)('finds the Debian directory by itself, before any download', async () => {
    const test = await loadFashionMnist({ split: 'test', download: { offline: true, cacheDirectory: mkdtempSync(join(tmpdir(), 'nnts-empty-')) } });
    expect(test.data.shape).toEqual([10000, 784]);
  }, 30_000);

  it('a local directory without the files says which files it should hold', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'nnts-mnist-'));
    await expect(loadMnist({ directory: empty })).rejects.toThrow(/train-images-idx3-ubyte.gz is not in .*; that directory should hold train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz/);
  });

  it('a local file with the wrong content is refused by its checksum', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'nnts-mnist-'));
    writeFileSync(join(directory, 'train-images-idx3-ubyte.gz'), 'not mnist');
    await expect(loadMnist({ directory })).rejects.toThrow(/SHA-256 mismatch/);
  });

  it('offline without the files fails fast with where to put them', async () => {
    const cacheDirectory = mkdtempSync(join(tmpdir(), 'nnts-cache-'));
    await expect(loadMnist({ download: { offline: true, cacheDirectory } })).rejects.toThrow(`offline: train-images-idx3-ubyte.gz is not in ${cacheDirectory}`);
  });
});
