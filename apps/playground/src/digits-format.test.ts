import { loadDigits } from '@nnts/datasets';
import { describe, expect, it } from 'vitest';
import { decodeDigits, encodeDigits } from './digits-format';

describe('digits.bin', () => {
  it('holds the 1,797 bundled digits, pixel for pixel and label for label, in 65 bytes each', () => {
    const digits = loadDigits();
    const bytes = encodeDigits(digits.data.data, digits.target.data);
    expect(bytes.length).toBe(1797 * 65);
    const decoded = decodeDigits(bytes);
    expect(Array.from(decoded.pixels)).toEqual(Array.from(digits.data.data));
    expect(Array.from(decoded.labels)).toEqual(Array.from(digits.target.data));
  });

  it('rejects a truncated file and values the data set cannot have, saying which', () => {
    expect(() => decodeDigits(new Uint8Array(64))).toThrow('decodeDigits: 64 bytes is not a whole number of 65-byte records');
    const record = new Uint8Array(65);
    record[64] = 10;
    expect(() => decodeDigits(record)).toThrow('digits: label of image 0 is 10, expected an integer in [0, 9]');
    expect(() => encodeDigits([...new Array<number>(63).fill(0), 17], [3])).toThrow('digits: pixel 63 of image 0 is 17, expected an integer in [0, 16]');
    expect(() => encodeDigits(new Array<number>(64).fill(0), [1, 2])).toThrow('encodeDigits: 64 pixels for 2 labels, expected 128');
  });
});
