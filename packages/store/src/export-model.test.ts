import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { tensor } from '@nnts/tensor';
import { Sequential } from '@nnts/train';
import { afterEach, describe, expect, it } from 'vitest';
import { exportModel, importModel } from './safetensors';

const made: string[] = [];
afterEach(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
});
const scratch = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'nnts-export-'));
  made.push(directory);
  return directory;
};
const model = (): Sequential => new Sequential([dense({ units: 3, activation: 'softmax' })], { inputShape: [2], loss: new CrossEntropy(), seed: 7 });

describe('exportModel', () => {
  it("creates the base path's directories, as `exportModel(model, 'out/iris')` in a fresh project expects", () => {
    const base = join(scratch(), 'out', 'models', 'iris');
    const written = exportModel(model(), base);
    expect(written).toEqual({ weights: `${base}.safetensors`, architecture: `${base}.json` });
    expect(existsSync(written.weights) && existsSync(written.architecture)).toBe(true);
    const x = tensor([[0.5, -1]]);
    expect(importModel(base).predict(x).toArray()).toEqual(model().predict(x).toArray());
  });

  it('still says so when a directory cannot be made there (a file is in the way)', () => {
    const root = scratch();
    writeFileSync(join(root, 'out'), 'a file, not a directory');
    expect(() => exportModel(model(), join(root, 'out', 'iris'))).toThrow(/out/);
  });
});
