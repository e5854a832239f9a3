import { describe, expect, it } from 'vitest';
import { imageGridChart } from './image-grid-chart';
import { renderSvg } from './render-svg';

describe('imageGridChart', () => {
  it('draws every pixel of every image under its caption', async () => {
    const spec = imageGridChart([[0, 1, 2, 3, 4, 5], Float32Array.from([5, 4, 3, 2, 1, 0])], { height: 2, width: 3, captions: ['one', 'two'], columns: 2, size: 60 });
    const cells = (spec.data as { values: { image: string; row: number; column: number; value: number }[] }).values;
    expect(cells).toHaveLength(12);
    expect(cells[5]).toEqual({ image: 'one', row: 1, column: 2, value: 5 });
    expect((spec.spec as { height: number }).height).toBe(40);
    const svg = await renderSvg(spec);
    expect(svg).toContain('>one<');
    expect(svg).toContain('>two<');
  });

  it('refuses images of the wrong size, captions that do not match, and unknown options', () => {
    expect(() => imageGridChart([[0, 1, 2]], { height: 2 })).toThrow('imageGridChart: images[0] has 3 pixels, expected 4 (2 rows of 2)');
    expect(() => imageGridChart([[0, 1, 2, 3]], { height: 2, captions: ['a', 'b'] })).toThrow('imageGridChart: captions has 2 names for 1 image; give one name per image');
    expect(() => imageGridChart([], { height: 2 })).toThrow('imageGridChart: images must be a non-empty array of pixel arrays, got an array of 0');
    expect(() => imageGridChart([[0]], { height: 0 })).toThrow('imageGridChart: height must be an integer >= 1, got 0');
    expect(() => imageGridChart([[0]], { height: 1, side: 1 } as never)).toThrow("imageGridChart: unknown option 'side' (known: height, width, captions, columns, size)");
  });
});
