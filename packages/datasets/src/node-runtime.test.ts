import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { NntsError, RandomGenerator } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { loadBostonHousing, loadDigits, loadIris } from './bundled';
import { defaultCacheDirectory } from './download/cache-directory';
import { sha256 } from './download/digest';
import { Downloader } from './download/downloader';
import { terminalProgress } from './download/progress-bar';
import { encodeIdx, parseIdx } from './idx';
import { loadFashionMnist, loadMnist } from './mnist';
import { requireNode, standardError } from './node-runtime';
import { standardize } from './pipeline/scalers';
import { trainTestSplit } from './pipeline/split';
import { makeMoons } from './synthetic/moons';
import { CharTokenizer } from './text/char-tokenizer';
import { loadFortunes } from './text/fortunes';

const data = (name: string): Buffer => readFileSync(new URL(`../data/${name}`, import.meta.url));

/** Runs `body` with a globalThis.process that has no getBuiltinModule, as in a browser; synchronous, so nothing else sees it. */
function withoutNode<T>(body: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  Object.defineProperty(globalThis, 'process', { value: { env: {} }, configurable: true, writable: true });
  try {
    return body();
  } finally {
    Object.defineProperty(globalThis, 'process', descriptor);
  }
}

/** The error `body` throws (or its promise rejects with) where there is no Node. */
async function errorWithoutNode(body: () => unknown): Promise<Error> {
  let outcome: unknown;
  try {
    outcome = withoutNode(body);
  } catch (error) {
    return error as Error;
  }
  return Promise.resolve(outcome).then(() => { throw new Error('expected an error without Node'); }, (error: unknown) => error as Error);
}

describe('datasets where the runtime has no Node (a browser)', () => {
  it('each function that needs Node names itself, what it needs Node for and what to do instead', async () => {
    const cases: [() => unknown, RegExp][] = [
      [() => loadIris(), /^loadIris reads data\/iris\.csv, .*no Node\.js.* fetch that file .* loadIris\(\{ csv \}\)/],
      [() => loadBostonHousing(), /^loadBostonHousing reads data\/boston_house_prices\.csv, .* loadBostonHousing\(\{ csv \}\)/],
      [() => loadDigits(), /^loadDigits reads data\/digits\.csv\.gz, .*DecompressionStream.* loadDigits\(\{ csv \}\)/],
      [() => loadMnist(), /^loadMnist reads its files .* read them with parseIdx/],
      [() => loadFashionMnist({ directory: '/data' }), /^loadFashionMnist reads .* parseIdx/],
      [() => loadFortunes(), /^loadFortunes reads .* parseFortuneFile/],
      [() => new Downloader({ mirrors: ['https://example.org/'] }), /^Downloader keeps files on disk .* fetch\(\), .*crypto\.subtle\.digest.* parseIdx/],
      [() => defaultCacheDirectory(), /^defaultCacheDirectory names a folder on disk, .* Cache API or IndexedDB/],
      [() => sha256(new Uint8Array(3)), /^sha256 hashes synchronously .* crypto\.subtle\.digest\('SHA-256', bytes\)/],
      [() => parseIdx(gzipSync(encodeIdx('uint8', [2], [1, 2])), 'labels.gz'), /^parseIdx decompresses labels\.gz \(gzip\) .* DecompressionStream\('gzip'\)/],
    ];
    for (const [call, message] of cases) {
      const error = await errorWithoutNode(call);
      expect(error).toBeInstanceOf(NntsError);
      expect(error.message, String(call)).toMatch(message);
    }
  });

  it('still checks options first, and the pure parts run as they do in Node', () => {
    expect(() => withoutNode(() => loadIris({ dype: 'float64' } as never))).toThrow("iris: unknown option 'dype'");
    const inNode = (() => {
      const moons = makeMoons({ samples: 40, noise: 0.1, random: new RandomGenerator(3) });
      const split = trainTestSplit(standardize(moons.data), moons.target, { testSize: 0.25, stratify: true, random: new RandomGenerator(4) });
      return { x: Array.from(split.xTest.data), ids: Array.from(new CharTokenizer().fit('hello world').encode('low')) };
    });
    expect(withoutNode(inNode)).toEqual(inNode());
    expect(withoutNode(() => parseIdx(encodeIdx('uint8', [2], [1, 2]), 'labels')).dims).toEqual([2]);
    // The progress bar's default output: standard error in Node; elsewhere no terminal, so no bar.
    expect(standardError()).toBe(process.stderr);
    const output = withoutNode(() => standardError());
    expect(output.isTTY).toBeUndefined();
    expect(() => withoutNode(() => terminalProgress('f')(2 ** 21, 2 ** 21))).not.toThrow();
  });

  it('loads the bundled sets from text passed as csv, the same as from the package files', () => {
    const iris = withoutNode(() => loadIris({ csv: data('iris.csv').toString('utf8'), dtype: 'float64' }));
    expect(iris.data.shape).toEqual([150, 4]);
    expect(Array.from(iris.data.data)).toEqual(Array.from(loadIris({ dtype: 'float64' }).data.data));
    expect(iris.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    const boston = withoutNode(() => loadBostonHousing({ csv: data('boston_house_prices.csv').toString('utf8') }));
    expect(boston.featureNames).toEqual(loadBostonHousing().featureNames);
    expect(Array.from(boston.target.data)).toEqual(Array.from(loadBostonHousing().target.data));
    const digits = withoutNode(() => loadDigits({ csv: gunzipSync(data('digits.csv.gz')).toString('utf8') }));
    expect(Array.from(digits.data.data)).toEqual(Array.from(loadDigits().data.data));
  });

  it('refuses a csv that is not text', () => {
    expect(() => loadIris({ csv: data('iris.csv') as never })).toThrow(/iris: csv must be the text of iris\.csv, got an object \(Buffer\)/);
  });
});

describe('requireNode in Node', () => {
  it("gives Node's modules and undici, loaded when read", () => {
    const node = requireNode({ caller: 'test', needs: 'needs Node', instead: '' });
    expect(node.path.join('a', 'b')).toBe(`a${node.path.sep}b`);
    expect(typeof node.zlib.gunzipSync).toBe('function');
    expect(typeof (node.require('undici') as { request: unknown }).request).toBe('function');
    expect(node.process.env).toBe(process.env);
  });
});
