import { RandomGenerator, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { GlobalAveragePooling1D, GlobalMaxPooling1D } from './global-pooling';
import { gradientCheck } from './test-support/check-layer';

const x = (): ReturnType<RandomGenerator['normal']> => new RandomGenerator(3).normal([3, 4, 2], 0, 1, { dtype: 'float64' });
const mask = (): ReturnType<typeof tensor> => tensor([[1, 1, 1, 0], [1, 1, 1, 1], [1, 0, 0, 0]], { dtype: 'float64' });

describe('1-D global pooling with a mask', () => {
  it('leaves the padded steps out: the result of the unpadded sequence', () => {
    for (const layer of [new GlobalAveragePooling1D(), new GlobalMaxPooling1D()]) {
      const input = x();
      const masked = [...layer.forward(input, { mask: mask() }).data];
      [3, 4, 1].forEach((length, b) => {
        const alone = tensor([...input.data.subarray(b * 8, b * 8 + length * 2)], { shape: [1, length, 2], dtype: 'float64' });
        [...layer.forward(alone).data].forEach((v, c) => expect(masked[b * 2 + c]).toBeCloseTo(v, 14));
      });
    }
  });

  it('agrees with finite differences (float64)', () => {
    gradientCheck(new GlobalAveragePooling1D(), x(), 1e-6, { mask: mask() });
    gradientCheck(new GlobalMaxPooling1D(), x(), 1e-6, { mask: mask() });
  });

  it('refuses a mask of the wrong shape', () => {
    expect(() => new GlobalAveragePooling1D().forward(x(), { mask: tensor([[1, 0]]) })).toThrow(/mask must be \[batch, steps\] = \[3, 4\], got \[1, 2\]/);
  });
});
