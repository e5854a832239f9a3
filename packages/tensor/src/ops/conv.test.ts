import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation';
import { DtypeError, ShapeError, ValueError } from '../errors';
import { numericalGradient, relativeError } from '../gradient-check';
import { RandomGenerator } from '../random';
import type { Tensor } from '../tensor';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './conv';
import { convAxis } from './conv-geometry';

/** Σ g·y: a scalar whose gradient with respect to y is g. */
const weighted = (y: Tensor, g: Tensor): number => {
  let s = 0;
  for (let i = 0; i < y.size; i++) s += y.data[i]! * g.data[i]!;
  return s;
};

const random = new RandomGenerator(5);

/** An NHWC tensor whose element (b, h, w, c) is value(h, w, c). */
function image(height: number, width: number, channels: number, value: (h: number, w: number, c: number) => number): Tensor {
  const data: number[] = [];
  for (let h = 0; h < height; h++) for (let w = 0; w < width; w++) for (let c = 0; c < channels; c++) data.push(value(h, w, c));
  return tensor(data, { shape: [1, height, width, channels], dtype: 'float64' });
}

/**
 * Convolution by explicit im2col: each output pixel's patch laid out as a row (zeros where the window
 * leaves the input), times the kernel as a matrix. A second formulation, independent of the kernels.
 */
function referenceConv(x: Tensor, kernel: Tensor, stride: [number, number], dilation: [number, number], pad: [number, number], out: [number, number]): number[] {
  const [batch, height, width, channels] = x.shape as [number, number, number, number];
  const [kh, kw, , filters] = kernel.shape as [number, number, number, number];
  const result: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < out[0]; oh++) {
      for (let ow = 0; ow < out[1]; ow++) {
        const patch: number[] = [];
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const h = oh * stride[0] - pad[0] + i * dilation[0];
            const w = ow * stride[1] - pad[1] + j * dilation[1];
            for (let c = 0; c < channels; c++) patch.push(h >= 0 && h < height && w >= 0 && w < width ? x.get(b, h, w, c) : 0);
          }
        }
        for (let f = 0; f < filters; f++) result.push(patch.reduce((s, v, p) => s + v * kernel.data[p * filters + f]!, 0));
      }
    }
  }
  return result;
}

describe('conv2d', () => {
  it("pads 'same' as TensorFlow does, the odd row and column at the end (by hand: 4x4, 3x3 kernel, stride 2)", () => {
    // x = 1..16 row by row; the kernel takes 1·(top-left tap) + 2·(bottom-right tap). 'same' with
    // stride 2 gives 2x2 outputs and pads one row and column, all after the input. Output (0, 0) sees
    // rows and columns 0..2: 1·x[0][0] + 2·x[2][2] = 1 + 22 = 23; (0, 1) sees columns 2..4, the last
    // padding: 1·x[0][2] + 0 = 3; (1, 0): x[2][0] + 0 = 9; (1, 1): x[2][2] = 11. Symmetric padding
    // (PyTorch's padding=1) would give 12 at (0, 0) instead.
    const x = image(4, 4, 1, (h, w) => h * 4 + w + 1);
    const kernel = tensor([1, 0, 0, 0, 0, 0, 0, 0, 2], { shape: [3, 3, 1, 1], dtype: 'float64' });
    expect(conv2d(x, kernel, { strides: 2, padding: 'same' }).toArray()).toEqual([[[[23], [3]], [[9], [11]]]]);
  });

  it('reads the kernel as Keras lays it out, [kh, kw, inChannels, filters] (values from PyTorch 1.13 on the same data)', () => {
    // PyTorch computed these on NCHW copies, with the kernel permuted to [filters, in, kh, kw] and the
    // input padded by one row and column at the end, TensorFlow's split for 'same' and stride 2.
    const x = image(6, 6, 2, (h, w, c) => (((h * 6 + w) * 2 + c) % 7) - 3);
    const values: number[] = [];
    for (let p = 0; p < 3 * 3 * 2 * 2; p++) values.push((p % 5) - 2);
    const kernel = tensor(values, { shape: [3, 3, 2, 2], dtype: 'float64' });
    const bias = tensor([0.5, -1], { dtype: 'float64' });
    expect(conv2d(x, kernel, { strides: 2, padding: 'same', bias }).toArray()).toEqual([[
      [[1.5, -3], [1.5, -11], [7.5, 14]], [[8.5, -16], [1.5, -3], [3.5, 1]], [[-8.5, -12], [-2.5, -5], [11.5, -6]],
    ]]);
    expect(conv2d(x, kernel, { dilationRate: 2 }).toArray()).toEqual([[[[10, -15], [3, -12]], [[10, 10], [10, -15]]]]);
  });

  it('equals an explicit im2col product for any geometry (property-based, float64)', () => {
    fc.assert(fc.property(
      fc.record({
        batch: fc.integer({ min: 1, max: 2 }), height: fc.integer({ min: 1, max: 7 }), width: fc.integer({ min: 1, max: 7 }),
        channels: fc.integer({ min: 1, max: 3 }), filters: fc.integer({ min: 1, max: 3 }), kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
        sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }), dh: fc.integer({ min: 1, max: 2 }), dw: fc.integer({ min: 1, max: 2 }),
        same: fc.boolean(), seed: fc.integer({ min: 0, max: 1000 }),
      }),
      (p) => {
        const padding = p.same ? 'same' : 'valid';
        if (!p.same && (p.height < (p.kh - 1) * p.dh + 1 || p.width < (p.kw - 1) * p.dw + 1)) return;
        const draw = new RandomGenerator(p.seed);
        const x = draw.normal([p.batch, p.height, p.width, p.channels], 0, 1, { dtype: 'float64' });
        const kernel = draw.normal([p.kh, p.kw, p.channels, p.filters], 0, 1, { dtype: 'float64' });
        const rows = convAxis('test', 'height', p.height, p.kh, p.sh, p.dh, padding);
        const columns = convAxis('test', 'width', p.width, p.kw, p.sw, p.dw, padding);
        const y = conv2d(x, kernel, { strides: [p.sh, p.sw], dilationRate: [p.dh, p.dw], padding });
        expect(y.shape).toEqual([p.batch, rows.out, columns.out, p.filters]);
        const expected = referenceConv(x, kernel, [p.sh, p.sw], [p.dh, p.dw], [rows.padBefore, columns.padBefore], [rows.out, columns.out]);
        expected.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 10));
      },
    ), { numRuns: 60 });
  });

  it('has backprop ops that agree with finite differences (float64), for strides, dilation and both paddings', () => {
    for (const options of [{ strides: 2, padding: 'same' }, { dilationRate: 2 }, { strides: [1, 2], padding: 'same', dilationRate: [2, 1] }] as const) {
      const x = random.normal([2, 6, 5, 3], 0, 1, { dtype: 'float64' });
      const kernel = random.normal([3, 2, 3, 4], 0, 1, { dtype: 'float64' });
      const y = conv2d(x, kernel, options);
      const g = random.normal(y.shape, 0, 1, { dtype: 'float64' });
      const loss = (): number => weighted(conv2d(x, kernel, options), g);
      expect(relativeError(conv2dBackpropInput(g, kernel, x.shape, options), numericalGradient(loss, x))).toBeLessThan(1e-8);
      expect(relativeError(conv2dBackpropFilter(x, g, kernel.shape, options), numericalGradient(loss, kernel))).toBeLessThan(1e-8);
    }
  });

  it('adds the bias per filter and writes into out', () => {
    const x = random.normal([1, 3, 3, 2]);
    const kernel = random.normal([2, 2, 2, 3]);
    const bias = tensor([1, 2, 3]);
    const plain = conv2d(x, kernel);
    const out = tensor(new Float32Array(12), { shape: [1, 2, 2, 3] });
    expect(conv2d(x, kernel, { bias, out })).toBe(out);
    for (let i = 0; i < out.size; i++) expect(out.data[i]).toBeCloseTo(plain.data[i]! + bias.data[i % 3]!, 5);
  });

  it('refuses bad input, naming what was wrong and what was expected', () => {
    const x = random.normal([2, 4, 4, 3]);
    const kernel = random.normal([3, 3, 3, 8]);
    expect(() => conv2d(random.normal([4, 4, 3]), kernel)).toThrow(ShapeError);
    expect(() => conv2d(random.normal([4, 4, 3]), kernel)).toThrow(/expected an NHWC batch \[batch, height, width, channels\], got \[4, 4, 3\]/);
    expect(() => conv2d(random.normal([2, 4, 4, 1]), kernel)).toThrow(/has 1 channels but the kernel \[3, 3, 3, 8\] expects 3/);
    expect(() => conv2d(x, random.normal([5, 5, 3, 8]))).toThrow(/the window \(5\) is larger than the input's height \(4\) with 'valid' padding/);
    expect(() => conv2d(x, kernel, { dilationRate: 2 })).toThrow(/\(3, 5 with dilation 2\) is larger than the input's height \(4\)/);
    expect(conv2d(x, random.normal([5, 5, 3, 8]), { padding: 'same' }).shape).toEqual([2, 4, 4, 8]);
    expect(() => conv2d(x, kernel, { strides: 1.5 })).toThrow(ValueError);
    expect(() => conv2d(x, kernel, { strides: 1.5 })).toThrow(/strides must be an integer >= 1 or 2 of them, got 1.5/);
    expect(() => conv2d(x, kernel, { strides: [1, 0] })).toThrow(/got \[1, 0\]/);
    expect(() => conv2d(x, kernel, { padding: 'full' as never })).toThrow(/padding must be 'valid' or 'same', got "full"/);
    expect(() => conv2d(x, kernel, { stride: 2 } as never)).toThrow(/unknown option 'stride'/);
    expect(() => conv2d(x, random.normal([3, 3, 3, 8], 0, 1, { dtype: 'float64' }))).toThrow(DtypeError);
    expect(() => conv2d(x, kernel, { bias: tensor([1, 2]) })).toThrow(/bias \[2\] must be a vector of 8 values/);
    expect(() => conv2dBackpropInput(random.normal([2, 3, 3, 8]), kernel, x.shape)).toThrow(/output gradient \[2, 3, 3, 8\] does not match the output \[2, 2, 2, 8\]/);
    expect(() => conv2dBackpropFilter(x, random.normal([2, 2, 2, 8]), [3, 3, 3])).toThrow(/kernel must be \[kernelHeight, kernelWidth, inChannels, filters\], got \[3, 3, 3\]/);
  });
});
