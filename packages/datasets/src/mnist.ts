import type { DType } from '@nnts/tensor';
import { Tensor, ValueError, assertKnownOptions, tensor } from '@nnts/tensor';
import type { Dataset } from './dataset';
import { defaultCacheDirectory } from './download/cache-directory';
import { verifyDigest } from './download/digest';
import type { DownloaderOptions, RemoteFile } from './download/downloader';
import { Downloader } from './download/downloader';
import { parseIdx } from './idx';
import type { NodeRuntime } from './node-runtime';
import { requireNode } from './node-runtime';

export interface IdxDatasetSpec {
  readonly name: string;
  readonly title: string;
  readonly mirrors: readonly string[];
  /** Directories a system package may have installed the files into, used before any download. */
  readonly systemDirectories: readonly string[];
  readonly files: Readonly<Record<'trainImages' | 'trainLabels' | 'testImages' | 'testLabels', RemoteFile>>;
  readonly classNames: readonly string[];
}

// Each file is listed with the SHA-256 of the published .gz and of its decompressed IDX content, so
// the original download, a re-compressed copy and an uncompressed copy all verify; and with the sizes
// of both, which cap what a mirror may send and what an unverified file may decompress to.
export const MNIST: IdxDatasetSpec = {
  name: 'mnist',
  title: 'MNIST handwritten digits (LeCun, Cortes and Burges)',
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
  systemDirectories: [],
  files: {
    trainImages: { name: 'train-images-idx3-ubyte.gz', sha256: ['440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609', 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db'], size: 9912422, contentSize: 47040016 },
    trainLabels: { name: 'train-labels-idx1-ubyte.gz', sha256: ['3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c', '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5'], size: 28881, contentSize: 60008 },
    testImages: { name: 't10k-images-idx3-ubyte.gz', sha256: ['8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6', '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7'], size: 1648877, contentSize: 7840016 },
    testLabels: { name: 't10k-labels-idx1-ubyte.gz', sha256: ['f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6', 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2'], size: 4542, contentSize: 10008 },
  },
  classNames: Array.from({ length: 10 }, (_, d) => String(d)),
};

export const FASHION_MNIST: IdxDatasetSpec = {
  name: 'fashion-mnist',
  title: 'Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017, Zalando Research)',
  // The second mirror is plain http (an S3 website has no https): tried last, and trusted only through the hash.
  mirrors: ['https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/', 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  // Debian's package dataset-fashion-mnist.
  systemDirectories: ['/usr/share/datasets/fashion-mnist'],
  files: {
    trainImages: { name: 'train-images-idx3-ubyte.gz', sha256: ['c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888'], size: 26421880, contentSize: 47040016 },
    trainLabels: { name: 'train-labels-idx1-ubyte.gz', sha256: ['bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9'], size: 29515, contentSize: 60008 },
    testImages: { name: 't10k-images-idx3-ubyte.gz', sha256: ['5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b'], size: 4422102, contentSize: 7840016 },
    testLabels: { name: 't10k-labels-idx1-ubyte.gz', sha256: ['0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34'], size: 5148, contentSize: 10008 },
  },
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

export interface IdxDatasetOptions {
  /** 'train' (60,000 images) or 'test' (10,000); 'train' by default. */
  readonly split?: 'train' | 'test';
  /**
   * A directory that already holds the four files (gzip or plain, with or without .gz): used without
   * any network. Without it, the cache, then known system directories, then the mirrors are tried.
   */
  readonly directory?: string;
  /** How to download when the files are nowhere on disk (cache directory, offline mode, mirrors, ...). */
  readonly download?: Omit<DownloaderOptions, 'mirrors'> & { readonly mirrors?: readonly string[] };
  /** Pixels divided by 255 into [0, 1]; false by default (values 0-255). */
  readonly normalize?: boolean;
  /**
   * 'flat' (the default): one row of 784 pixels per image, [n, 784], for dense networks. 'image':
   * [n, 28, 28, 1], height, width and one channel last, the shape convolution layers take.
   */
  readonly layout?: 'flat' | 'image';
  readonly dtype?: DType;
}

/** MNIST: 28x28 handwritten digits as rows of 784 pixels. */
export function loadMnist(options: IdxDatasetOptions = {}): Promise<Dataset> {
  return loadIdxDataset(MNIST, options, 'loadMnist');
}

/** Fashion-MNIST: 28x28 images of ten kinds of clothing, a harder drop-in for MNIST. */
export function loadFashionMnist(options: IdxDatasetOptions = {}): Promise<Dataset> {
  return loadIdxDataset(FASHION_MNIST, options, 'loadFashionMnist');
}

/** Exported for tests, which pass a spec of their own; the public loaders are loadMnist and loadFashionMnist. */
export async function loadIdxDataset(spec: IdxDatasetSpec, options: IdxDatasetOptions, caller = `load ${spec.name}`): Promise<Dataset> {
  assertKnownOptions(`load ${spec.name}`, options, ['split', 'directory', 'download', 'normalize', 'layout', 'dtype']);
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new ValueError(`load ${spec.name}: split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  const layout = options.layout ?? 'flat';
  if (layout !== 'flat' && layout !== 'image') throw new ValueError(`load ${spec.name}: layout must be 'flat' or 'image', got ${JSON.stringify(layout)}`);
  const [imagesFile, labelsFile] = split === 'train' ? [spec.files.trainImages, spec.files.trainLabels] : [spec.files.testImages, spec.files.testLabels];
  const node = requireNode({
    caller,
    needs: "reads its files from disk (a directory, the cache, or a download into it) with Node's file system",
    instead: `In a browser, fetch ${imagesFile.name} and ${labelsFile.name}, decompress them (DecompressionStream('gzip')) and read them with parseIdx.`,
  });
  const images = parseIdx(await readVerified(node, spec, imagesFile, options), imagesFile.name);
  const labels = parseIdx(await readVerified(node, spec, labelsFile, options), labelsFile.name);
  const [count, rows, columns] = images.dims as [number, number, number];
  if (images.dims.length !== 3 || images.type !== 'uint8') throw new ValueError(`${imagesFile.name}: expected uint8 images [n, rows, columns], got ${images.type} [${images.dims.join(', ')}]`);
  if (labels.dims.length !== 1 || labels.dims[0] !== count) throw new ValueError(`${labelsFile.name}: ${labels.dims[0]} labels for ${count} images`);
  const scale = options.normalize ? 1 / 255 : 1;
  const pixels = new Float32Array(images.values.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.values[i]! * scale;
  const data = new Tensor(pixels, layout === 'image' ? [count, rows, columns, 1] : [count, rows * columns]);
  for (const [i, label] of labels.values.entries()) {
    if (label >= spec.classNames.length) throw new ValueError(`${labelsFile.name}: label ${label} at ${i} is not a class 0-${spec.classNames.length - 1}`);
  }
  const dtype = options.dtype ?? 'float32';
  return {
    name: `${spec.name}-${split}`,
    data: dtype === 'float32' ? data : tensor(data.data, { shape: data.shape, dtype }),
    target: tensor(Float32Array.from(labels.values), { dtype }),
    featureNames: Array.from({ length: rows * columns }, (_, i) => `pixel_${Math.floor(i / columns)}_${i % columns}`),
    targetNames: spec.classNames,
    description: `${spec.title}, ${split} split: ${count} images of ${rows}x${columns} pixels${layout === 'image' ? ' ([n, rows, columns, 1])' : ''}, ${options.normalize ? 'scaled to [0, 1]' : 'values 0-255'}.`,
  };
}

async function readVerified(node: NodeRuntime, spec: IdxDatasetSpec, file: RemoteFile, options: IdxDatasetOptions): Promise<Uint8Array> {
  const { fs: { existsSync }, fsPromises: { readFile }, path: { join } } = node;
  const { mirrors = spec.mirrors, cacheDirectory, ...download } = options.download ?? {};
  const downloader = options.directory === undefined ? new Downloader({ mirrors, cacheDirectory: cacheDirectory ?? join(defaultCacheDirectory(), spec.name), ...download }) : null;
  // The order the README gives: the directory passed (alone), the cache, system directories, the mirrors.
  const cached = downloader ? await downloader.cached(file) : null;
  if (cached !== null) return readFile(cached);
  const local = options.directory !== undefined ? [options.directory] : spec.systemDirectories;
  for (const directory of local) {
    for (const name of [file.name, file.name.replace(/\.gz$/, '')]) {
      const path = join(directory, name);
      if (!existsSync(path)) continue;
      return verifyDigest(await readFile(path), file.sha256, path);
    }
  }
  if (options.directory !== undefined) {
    const names = Object.values(spec.files).map((f) => f.name).join(', ');
    throw new ValueError(`load ${spec.name}: ${file.name} is not in ${options.directory}; that directory should hold ${names} (gzip or plain)`);
  }
  return readFile(await downloader!.fetch(file));
}
