import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { IdxType } from './idx';
import { encodeIdx, parseIdx } from './idx';

describe('IDX files', () => {
  it('round-trips every data type, plain and gzip', () => {
    const cases: [IdxType, number[]][] = [
      ['uint8', [0, 7, 255, 128, 1, 2]], ['int8', [-128, 127, 0, -1, 5, 6]], ['int16', [-30000, 30000, 1, 2, 3, 4]],
      ['int32', [-2e9, 2e9, 0, 1, 2, 3]], ['float32', [1.5, -2.25, 0, 1e-3, 3, 4].map(Math.fround)], ['float64', [Math.PI, -Math.E, 0, 1e-300, 5, 6]],
    ];
    for (const [type, values] of cases) {
      const bytes = encodeIdx(type, [2, 3], values);
      for (const stored of [bytes, gzipSync(bytes)]) {
        const parsed = parseIdx(stored, `test.${type}`);
        expect(parsed.type).toBe(type);
        expect(parsed.dims).toEqual([2, 3]);
        expect(Array.from(parsed.values)).toEqual(values);
      }
    }
  });

  it('reads the MNIST header layout: magic 0x00000803, big-endian dimensions', () => {
    const bytes = encodeIdx('uint8', [1, 28, 28], new Uint8Array(784));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 0, 8, 3, 0, 0, 0, 1]);
  });

  it('rejects truncated, corrupt and foreign files with the reason', () => {
    const bytes = encodeIdx('uint8', [10, 4], new Uint8Array(40));
    expect(() => parseIdx(bytes.subarray(0, 30), 'train.idx')).toThrow('train.idx: truncated: dimensions [10, 4] need 52 bytes, the file has 30');
    expect(() => parseIdx(bytes.subarray(0, 6), 'train.idx')).toThrow(/truncated IDX header/);
    expect(() => parseIdx(new Uint8Array([...bytes, 1, 2]), 'x')).toThrow(/2 unexpected bytes after the data/);
    expect(() => parseIdx(new Uint8Array([1, 2, 8, 1]), 'x')).toThrow(/not an IDX file/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x42, 1, 0, 0, 0, 0]), 'x')).toThrow('x: unknown IDX data type 0x42');
    const gz = gzipSync(bytes);
    expect(() => parseIdx(gz.subarray(0, gz.length - 10), 'x.gz')).toThrow(/gzip data is truncated or corrupt/);
  });
});
