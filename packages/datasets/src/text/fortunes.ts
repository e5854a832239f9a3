import { NntsError, ValueError, assertKnownOptions } from '@nnts/tensor';
import type { NodeRuntime } from '../node-runtime';
import { requireNode } from '../node-runtime';
import { describeValue } from './describe-value';
import { parseFortuneFile } from './fortune-file';

/** Where Debian's and Ubuntu's `fortunes` package (and fortunes-min, its dependency) installs the files. */
export const DEBIAN_FORTUNES_DIRECTORY = '/usr/share/games/fortunes';

export interface FortunesOptions {
  /**
   * A directory of fortune files. Without it: $NNTS_FORTUNES_DIR when set, else Debian's
   * /usr/share/games/fortunes.
   */
  readonly directory?: string;
  /** File names in that directory, read in this order; every fortune file there, by name, by default. */
  readonly files?: readonly string[];
  /** What `text` puts between entries; '\n%\n' by default (the files' own separator, so a model learns where one ends). */
  readonly separator?: string;
}

export interface FortunesCorpus {
  /** Every entry, file by file in `files` order, in file order within each. */
  readonly texts: readonly string[];
  /** The entries joined by the separator: one string for a character-level language model. */
  readonly text: string;
  /** The files read, in order. */
  readonly files: readonly string[];
  readonly directory: string;
}

/**
 * The English epigrams, quotations and jokes of the BSD fortune program, as Debian packages them
 * (`apt-get install fortunes`): about 15,000 entries, 2.5 million characters, no network needed.
 * Only the directory's own files are read: the binary .dat indexes and the .u8 links to the same
 * files are skipped, and so are subdirectories (fortunes-off installs the offensive set into off/).
 * Text is normalised by parseFortuneFile (line endings, overstrikes, control characters); the
 * handful of UTF-8 files are read as UTF-8, mis-encoded quotes in the law file included as they are.
 *
 * @example
 * const { text } = await loadFortunes();
 * const tokenizer = new CharTokenizer().fit(text);
 */
export async function loadFortunes(options: FortunesOptions = {}): Promise<FortunesCorpus> {
  assertKnownOptions('loadFortunes', options, ['directory', 'files', 'separator']);
  const { separator = '\n%\n' } = options;
  if (typeof separator !== 'string') throw new ValueError(`loadFortunes: separator must be a string, got ${describeValue(separator)}`);
  const node = requireNode({
    caller: 'loadFortunes',
    needs: "reads a directory of fortune files with Node's file system",
    instead: 'In a browser, fetch the files and split each one into entries with parseFortuneFile(text).',
  });
  const directory = options.directory ?? (node.process.env.NNTS_FORTUNES_DIR || DEBIAN_FORTUNES_DIRECTORY);
  if (typeof directory !== 'string') throw new ValueError(`loadFortunes: directory must be a path, got ${describeValue(directory)}`);
  const named = options.files !== undefined;
  const candidates = named ? checkedNames(node, directory, options.files!) : await candidateFiles(node, directory);
  const files: string[] = [];
  const texts: string[] = [];
  for (const name of candidates) {
    const path = node.path.join(directory, name);
    const bytes = await node.fsPromises.readFile(path);
    // A NUL byte marks a binary file (a strfile index under another name): never text.
    if (bytes.includes(0)) {
      if (named) throw new ValueError(`loadFortunes: ${path} is binary (it holds NUL bytes), not a fortune file`);
      continue;
    }
    let content: string;
    try {
      content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ValueError(`loadFortunes: ${path} is not UTF-8 text`);
    }
    texts.push(...parseFortuneFile(content));
    files.push(name);
  }
  if (files.length === 0) throw missingCorpus(directory, 'holds no fortune files');
  return { texts, text: texts.join(separator), files, directory };
}

/** The directory's files that may be fortune files, sorted by name (UTF-16 order, the same everywhere). */
async function candidateFiles(node: NodeRuntime, directory: string): Promise<string[]> {
  const { fs: { existsSync, statSync }, fsPromises: { readdir }, path: { join } } = node;
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw missingCorpus(directory, 'does not exist');
  // statSync follows links (a directory of links to fortune files works); a broken link is no file.
  return (await readdir(directory))
    .filter((name) => !name.startsWith('.') && !name.endsWith('.dat') && !name.endsWith('.u8') && statSync(join(directory, name), { throwIfNoEntry: false })?.isFile() === true)
    .sort();
}

function checkedNames(node: NodeRuntime, directory: string, files: readonly string[]): string[] {
  const { fs: { existsSync, statSync }, path: { join } } = node;
  if (!Array.isArray(files) || files.length === 0) throw new ValueError(`loadFortunes: files must be a non-empty array of file names, got ${describeValue(files)}`);
  files.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || name === '' || name.includes('/') || files.indexOf(name) !== i) {
      throw new ValueError(`loadFortunes: files[${i}] is ${describeValue(name)}; expected the name of a file in ${directory}, listed once`);
    }
    const path = join(directory, name);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw existsSync(directory) ? new ValueError(`loadFortunes: there is no file ${name} in ${directory}`) : missingCorpus(directory, 'does not exist');
    }
  });
  return [...files];
}

function missingCorpus(directory: string, problem: string): NntsError {
  return new NntsError(
    `loadFortunes: ${directory} ${problem}. Install the corpus with \`apt-get install fortunes\` (Debian, Ubuntu), ` +
      'or pass { directory } (or set NNTS_FORTUNES_DIR to) a folder of fortune files: plain text, entries separated by lines holding only %',
  );
}
