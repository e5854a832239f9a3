// safetensors files that break the format's rules, or are not what they claim, are refused with a
// StoreError naming the tensor and the rule (issue 13, items 14 and 19).
import { tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { StoreError } from './errors';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/** A file with this header (JSON text, padded as written) and `dataBytes` bytes of data. */
function file(header: unknown, dataBytes: number): Buffer {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(dataBytes)]);
}

const entry = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('safetensors headers', () => {
  it('reads what encodeSafetensors writes, zero-sized tensors included', () => {
    const bytes = encodeSafetensors([
      { key: 'a', tensor: tensor([[1, 2], [3, 4]]) }, { key: 'empty', tensor: tensor([], { shape: [0, 3] }) }, { key: 'b', tensor: tensor([5], { dtype: 'float64' }) },
    ], { note: 'x' });
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(tensors.get('a')!.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(tensors.get('empty')!.shape).toEqual([0, 3]);
    expect(tensors.get('b')!.toArray()).toEqual([5]);
    expect(metadata).toEqual({ note: 'x' });
  });

  const refused: [string, Buffer, RegExp][] = [
    ['a header that is null', file('null', 0), /the header must be a JSON object starting with '\{'/],
    ['a header that is an array', file('[]', 0), /must be a JSON object starting with '\{'/],
    ['a header that is not JSON', file('{"a": ', 0), /the header is not JSON/],
    ['an entry that is null', file({ w: null }, 0), /tensor "w" must be an object \{ dtype, shape, data_offsets \}, got null/],
    ['an entry without data_offsets', file({ w: { dtype: 'F32', shape: [1] } }, 4), /tensor "w" has data_offsets undefined; expected \[begin, end\]/],
    ['null offsets', file({ w: { dtype: 'F32', shape: [1], data_offsets: [null, null] } }, 4), /tensor "w" has data_offsets \[null,null\]/],
    ['fractional offsets', file({ w: { dtype: 'F32', shape: [1], data_offsets: [0.5, 4.5] } }, 5), /data_offsets \[0.5,4.5\]/],
    ['end before begin', file({ w: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, 4), /end must not come before begin/],
    ['a shape that is not integers', file({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), /has shape \[-1\]; expected an array of non-negative integers/],
    ['an unknown dtype', file({ w: { dtype: 'F33', shape: [1], data_offsets: [0, 4] } }, 4), /has dtype "F33"; expected one of BOOL/],
    ['a range of the wrong size', file({ w: entry(0, 8, [1]) }, 8), /hold 8 bytes, but F32 \[1\] needs 4/],
    ['overlapping ranges', file({ a: entry(0, 8), b: entry(4, 12) }, 12), /tensors "a" \[0, 8\] and "b" \[4, 12\] overlap/],
    ['the same range twice', file({ a: entry(0, 4), b: entry(0, 4) }, 4), /overlap/],
    ['a hole between tensors', file({ a: entry(0, 4), b: entry(8, 12) }, 12), /bytes \[4, 8\) of the data belong to no tensor/],
    ['bytes after the last tensor', file({ a: entry(0, 4) }, 8), /the tensors end at byte 4 of the data but the file holds 8 bytes/],
    ['metadata that is not strings', file({ __metadata__: { n: 1 } }, 0), /__metadata__ must be an object of strings/],
  ];
  for (const [what, bytes, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => decodeSafetensors(bytes, 'm.safetensors')).toThrow(StoreError);
      expect(() => decodeSafetensors(bytes, 'm.safetensors')).toThrow(message);
    });
  }

  it('refuses a header longer than the format allows before reading it', () => {
    const bytes = Buffer.alloc(16);
    bytes.writeBigUInt64LE(2n ** 63n);
    expect(() => decodeSafetensors(bytes)).toThrow(/runs past the end of the file/);
  });
});
