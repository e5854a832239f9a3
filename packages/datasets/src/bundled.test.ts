import { describe, expect, it } from 'vitest';
import { loadBostonHousing, loadDigits, loadIris } from './bundled';

function counts(values: ArrayLike<number>): number[] {
  const result: number[] = [];
  for (let i = 0; i < values.length; i++) result[values[i]!] = (result[values[i]!] ?? 0) + 1;
  return result;
}

describe('bundled data sets, loaded without network', () => {
  it('Iris: 150 x 4, three species of 50', () => {
    const iris = loadIris();
    expect(iris.data.shape).toEqual([150, 4]);
    expect(iris.target.shape).toEqual([150]);
    expect(iris.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(iris.featureNames[2]).toBe('petal length (cm)');
    expect(counts(iris.target.data)).toEqual([50, 50, 50]);
    expect(Array.from(iris.data.data.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(iris.description).toMatch(/Fisher/);
    expect(loadIris({ dtype: 'float64' }).data.get(0, 0)).toBe(5.1);
  });

  it('Boston housing: 506 x 13 plus MEDV, with the warning about B', () => {
    const boston = loadBostonHousing({ dtype: 'float64' });
    expect(boston.data.shape).toEqual([506, 13]);
    expect(boston.featureNames).toEqual(['CRIM', 'ZN', 'INDUS', 'CHAS', 'NOX', 'RM', 'AGE', 'DIS', 'RAD', 'TAX', 'PTRATIO', 'B', 'LSTAT']);
    expect(boston.targetNames).toEqual(['MEDV']);
    expect(boston.data.get(0, 0)).toBe(0.00632);
    expect(boston.data.get(505, 12)).toBe(7.88);
    expect(boston.target.get(505)).toBe(11.9);
    expect(boston.description).toMatch(/ethical problem/);
  });

  it('8x8 digits: 1,797 images of 64 pixels in 0-16', () => {
    const digits = loadDigits();
    expect(digits.data.shape).toEqual([1797, 64]);
    expect(counts(digits.target.data)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(Math.max(...digits.data.data)).toBe(16);
    expect(Math.min(...digits.data.data)).toBe(0);
    expect(digits.featureNames[9]).toBe('pixel_1_1');
  });
});

describe('options of the wrong name or kind (issue 13, item 13)', () => {
  it('the loaders refuse unknown options and unknown dtypes', () => {
    expect(() => loadIris({ dype: 'float64' } as never)).toThrow("iris: unknown option 'dype'");
    expect(() => loadDigits({ dtype: 'float16' } as never)).toThrow(/float16/);
  });
});
