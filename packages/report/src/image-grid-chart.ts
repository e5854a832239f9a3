import type { ChartSpec } from './chart-spec';
import { assertInteger, assertKnownOptions, assertNames, assertNumbers, describeValue } from './options';
import { ReportError } from './report-error';

export interface ImageGridOptions {
  /** Rows of pixels in each image. */
  readonly height: number;
  /** Pixels in each row; `height` by default (square images). */
  readonly width?: number;
  /** One caption per image, distinct; '0', '1', ... by default. */
  readonly captions?: readonly string[];
  /** Images per row of the grid; 8 by default. */
  readonly columns?: number;
  /** The drawn width of each image in pixels; 360 / columns (at least 40) by default. */
  readonly size?: number;
}

const KNOWN = ['height', 'width', 'captions', 'columns', 'size'];

/**
 * Small grey-scale images in a grid, each with its caption: digits with their predictions, the filters
 * of a convolution, feature maps. Each image is its pixels row by row and is scaled to its own range.
 *
 * @example
 * imageGridChart([[0, 1, 1, 0], [1, 0, 0, 1]], { height: 2, captions: ['a', 'b'] })
 */
export function imageGridChart(images: readonly ArrayLike<number>[], options: ImageGridOptions): ChartSpec {
  assertKnownOptions('imageGridChart', options, KNOWN);
  if (!Array.isArray(images) || images.length === 0) throw new ReportError(`imageGridChart: images must be a non-empty array of pixel arrays, got ${describeValue(images)}`);
  const { height } = options;
  assertInteger('imageGridChart', 'height', height, 1);
  const width = options.width ?? height;
  assertInteger('imageGridChart', 'width', width, 1);
  images.forEach((pixels, i) => {
    assertNumbers('imageGridChart', `images[${i}]`, pixels);
    if (pixels.length !== height * width) throw new ReportError(`imageGridChart: images[${i}] has ${pixels.length} pixels, expected ${height * width} (${height} rows of ${width})`);
  });
  const captions = options.captions ?? images.map((_, i) => String(i));
  assertNames('imageGridChart', 'captions', captions, images.length, ['image', 'images']);
  const columns = options.columns ?? 8;
  assertInteger('imageGridChart', 'columns', columns, 1);
  const size = options.size ?? Math.max(40, Math.round(360 / columns));
  assertInteger('imageGridChart', 'size', size, 1);
  const cells = images.flatMap((pixels, image) => Array.from(pixels, (value, p) => ({ image: captions[image], row: Math.floor(p / width), column: p % width, value })));
  return {
    data: { values: cells },
    facet: { field: 'image', type: 'nominal', title: null, header: { labelFontSize: 10 }, sort: [...captions] },
    columns,
    spec: {
      width: size, height: Math.round((size * height) / width), mark: 'rect',
      encoding: {
        x: { field: 'column', type: 'ordinal', axis: null }, y: { field: 'row', type: 'ordinal', axis: null },
        color: { field: 'value', type: 'quantitative', scale: { scheme: 'greys' }, legend: null },
      },
    },
    resolve: { scale: { color: 'independent' } },
  };
}
