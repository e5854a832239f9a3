import { NntsError, ValueError, assertKnownOptions } from '@nnts/tensor';
import type * as Undici from 'undici';
import type { NodeRuntime } from '../node-runtime';
import { requireNode } from '../node-runtime';
import { defaultCacheDirectory } from './cache-directory';
import { ChecksumError, verifyDigest } from './digest';
import type { ProgressReporter } from './progress-bar';
import { terminalProgress } from './progress-bar';

/** A file to fetch: its name on the mirrors and the SHA-256 digests (of the file or its content) it may have. */
export interface RemoteFile {
  readonly name: string;
  readonly sha256: readonly string[];
  /** The size in bytes of the file as published: no download may run past it. */
  readonly size?: number;
  /** The size in bytes of its decompressed content: decompressing an unverified file stops there. */
  readonly contentSize?: number;
}

export interface FetchOptions {
  /** Aborts the download (and its retries); the promise rejects with a DownloadError. */
  readonly signal?: AbortSignal;
}

export interface DownloaderOptions {
  /** Base URLs tried in order; a file's URL is base + name. */
  readonly mirrors: readonly string[];
  /** Where verified files are kept; defaultCacheDirectory() by default. */
  readonly cacheDirectory?: string;
  /** Never touch the network: a file not in the cache is an error saying where to put it. Default: $NNTS_OFFLINE === '1'. */
  readonly offline?: boolean;
  /** Further attempts per mirror after a failure that may pass (5xx, timeout, dropped connection); 2 by default. */
  readonly retries?: number;
  /** Wait before the first retry, doubled each time; 500 ms by default. */
  readonly backoffMs?: number;
  /** How long to wait for the response headers, and between two chunks of the body; 30 s by default. */
  readonly timeoutMs?: number;
  /** The longest one fetch may take, every mirror and retry included (a trickling server hits it); 15 minutes by default. */
  readonly deadlineMs?: number;
  /** Progress of each download; a terminal progress bar on stderr by default, `false` for none. */
  readonly progress?: false | ((name: string) => ProgressReporter);
}

/** The network was needed and not allowed, or failed on every mirror. */
export class DownloadError extends NntsError {}

class RetryableError extends Error {}

/** The body is larger than the file can be: this mirror is not tried again. */
class TooLargeError extends Error {}

/**
 * Fetches files into a cache directory, safely:
 * - a verified file in the cache is used without any request;
 * - every download is checked against its SHA-256 before it is kept;
 * - bytes go to a temporary file that is renamed into place only once verified, so a crash or a
 *   concurrent download never leaves a file that looks valid but is not;
 * - https mirrors are tried before plain http ones (the hash protects either), in order, failures
 *   that may pass are retried with exponential backoff, and a stalled server hits a timeout;
 * - no download runs past the size the file should have (its published size, or Content-Length
 *   when smaller), unverified bytes are decompressed only up to the content's size, and one fetch
 *   ends at its deadline or when its AbortSignal fires;
 * - two loads of the same file at once share one download.
 */
export class Downloader {
  readonly cacheDirectory: string;
  private readonly options: Required<Omit<DownloaderOptions, 'cacheDirectory'>>;
  private readonly inFlight = new Map<string, Promise<string>>();
  // Node's modules and undici, reached when a Downloader is made (none is imported: see node-runtime.ts).
  private readonly node: NodeRuntime;
  private readonly undici: typeof Undici;
  private readonly dispatcher: Undici.Dispatcher;

  constructor(options: DownloaderOptions) {
    assertKnownOptions('Downloader', options, ['mirrors', 'cacheDirectory', 'offline', 'retries', 'backoffMs', 'timeoutMs', 'deadlineMs', 'progress']);
    if (options.mirrors.length === 0 && !options.offline) throw new ValueError('Downloader: at least one mirror is needed');
    this.node = requireNode({
      caller: 'Downloader',
      needs: "keeps files on disk with Node's file system and downloads them with undici",
      instead: "In a browser, download with fetch(), check the bytes with crypto.subtle.digest('SHA-256', bytes) and read them with parseIdx (decompressed first).",
    });
    this.undici = this.node.require('undici') as typeof Undici;
    this.dispatcher = new this.undici.Agent().compose(this.undici.interceptors.redirect({ maxRedirections: 5 }));
    this.cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
    this.options = {
      mirrors: [...options.mirrors].sort((a, b) => Number(a.startsWith('http:')) - Number(b.startsWith('http:'))),
      offline: options.offline ?? this.node.process.env.NNTS_OFFLINE === '1',
      retries: options.retries ?? 2,
      backoffMs: options.backoffMs ?? 500,
      timeoutMs: options.timeoutMs ?? 30_000,
      deadlineMs: options.deadlineMs ?? 15 * 60_000,
      progress: options.progress ?? terminalProgress,
    };
  }

  /** The path of the verified file in the cache, downloading it first when needed. */
  fetch(file: RemoteFile, options: FetchOptions = {}): Promise<string> {
    assertKnownOptions('Downloader.fetch', options, ['signal']);
    const target = this.node.path.join(this.cacheDirectory, file.name);
    // A fetch with its own signal downloads on its own: aborting it must not end another caller's.
    if (options.signal) return this.load(file, target, options.signal);
    const pending = this.inFlight.get(target);
    if (pending) return pending;
    const loading = this.load(file, target).finally(() => this.inFlight.delete(target));
    this.inFlight.set(target, loading);
    return loading;
  }

  /** The path of the verified file when the cache holds it, else null; never touches the network. A damaged cached copy is removed. */
  async cached(file: RemoteFile): Promise<string | null> {
    const { fs, fsPromises: { readFile, rm, stat }, path } = this.node;
    const target = path.join(this.cacheDirectory, file.name);
    if (!fs.existsSync(target)) return null;
    if (!(await stat(target)).isFile()) throw new DownloadError(`${target} is a directory (or another non-file) where the cached ${file.name} belongs; remove it, or pick another cacheDirectory`);
    try {
      verifyDigest(await readFile(target), file.sha256, target);
      return target;
    } catch (error) {
      if (!(error instanceof ChecksumError) && !(error instanceof ValueError)) throw error;
      await rm(target, { force: true }); // a damaged cached copy is replaced, not trusted
      return null;
    }
  }

  private async load(file: RemoteFile, target: string, signal?: AbortSignal): Promise<string> {
    if ((await this.cached(file)) !== null) return target;
    if (this.options.offline) {
      throw new DownloadError(
        `offline: ${file.name} is not in ${this.cacheDirectory}. Copy it there (its SHA-256 is one of ${file.sha256.join(', ')}), ` +
          'point the loader at a directory that holds it, or allow downloads (unset NNTS_OFFLINE).',
      );
    }
    await this.node.fsPromises.mkdir(this.cacheDirectory, { recursive: true });
    await this.removeStaleParts(file);
    const failures: string[] = [];
    const deadline = AbortSignal.timeout(this.options.deadlineMs);
    const stop = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const stopped = (): DownloadError => new DownloadError(signal?.aborted
      ? `download of ${file.name} aborted${failures.length > 0 ? ` after:\n  ${failures.join('\n  ')}` : ''}`
      : `download of ${file.name} ran past its deadline of ${this.options.deadlineMs} ms${failures.length > 0 ? `:\n  ${failures.join('\n  ')}` : ''}`);
    for (const mirror of this.options.mirrors) {
      // A base without its trailing slash would lose its last segment to URL resolution.
      const url = new URL(file.name, mirror.endsWith('/') ? mirror : `${mirror}/`).href;
      for (let attempt = 0; attempt <= this.options.retries; attempt++) {
        if (attempt > 0) await this.node.timers.setTimeout(this.options.backoffMs * 2 ** (attempt - 1), undefined, { signal: stop }).catch(() => undefined);
        if (stop.aborted) throw stopped();
        try {
          await this.downloadOnce(url, file, target, stop);
          return target;
        } catch (error) {
          if (stop.aborted) throw stopped();
          const reason = error instanceof Error ? error.message : String(error);
          failures.push(`${url} (attempt ${attempt + 1}): ${reason}`);
          if (!(error instanceof RetryableError)) break; // checksum, HTTP 4xx, too large: the next mirror, not the same one again
        }
      }
    }
    throw new DownloadError(`could not download ${file.name}:\n  ${failures.join('\n  ')}\nYou can also copy the file into ${this.cacheDirectory} by hand.`);
  }

  /**
   * Temporary files of this file that a killed download left. A live download writes at least once
   * per timeoutMs (or times out), so a .part untouched for twice that is nobody's.
   */
  private async removeStaleParts(file: RemoteFile): Promise<void> {
    const { fsPromises: { readdir, rm, stat }, path: { join } } = this.node;
    const stale = Date.now() - 2 * this.options.timeoutMs;
    for (const name of await readdir(this.cacheDirectory)) {
      if (!name.startsWith(`${file.name}.`) || !name.endsWith('.part')) continue;
      const path = join(this.cacheDirectory, name);
      const modified = await stat(path).then((s) => s.mtimeMs, () => Number.POSITIVE_INFINITY);
      if (modified < stale) await rm(path, { force: true });
    }
  }

  private async downloadOnce(url: string, file: RemoteFile, target: string, signal: AbortSignal): Promise<void> {
    const { crypto, fsPromises: { open, readFile, rename, rm } } = this.node;
    const temporary = `${target}.${crypto.randomUUID()}.part`;
    try {
      let response;
      try {
        response = await this.undici.request(url, { dispatcher: this.dispatcher, headersTimeout: this.options.timeoutMs, bodyTimeout: this.options.timeoutMs, signal });
      } catch (error) {
        throw new RetryableError(describeNetworkError(error));
      }
      const { statusCode, headers, body } = response;
      if (statusCode !== 200) {
        await body.dump();
        const message = `HTTP ${statusCode}`;
        throw statusCode >= 500 || statusCode === 429 ? new RetryableError(message) : new Error(message);
      }
      const declared = headers['content-length'] === undefined ? Number.NaN : Number(headers['content-length']);
      const total = Number.isFinite(declared) ? declared : null;
      if (total !== null && file.size !== undefined && total > file.size) {
        discard(body);
        throw new Error(`the server announces ${total} bytes, the file has ${file.size}; refused`);
      }
      // The most this body may hold: a broken or hostile server sending more is cut off there.
      const limit = Math.min(total ?? Number.POSITIVE_INFINITY, file.size ?? Number.POSITIVE_INFINITY);
      const report = this.options.progress ? this.options.progress(file.name) : null;
      let received = 0;
      const output = await open(temporary, 'w');
      try {
        for await (const chunk of body) {
          received += (chunk as Buffer).length;
          if (received > limit) {
            discard(body);
            throw new TooLargeError(`the body ran past the ${limit} bytes it should have; refused`);
          }
          await output.write(chunk as Buffer);
          report?.(received, total);
        }
      } catch (error) {
        if (error instanceof TooLargeError) throw error;
        throw new RetryableError(describeNetworkError(error));
      } finally {
        await output.close();
      }
      if (total !== null && received !== total) throw new RetryableError(`truncated body: ${received} of ${total} bytes`);
      verifyDigest(await readFile(temporary), file.sha256, url, file.contentSize);
      await rename(temporary, target); // atomic on one file system: the file appears whole or not at all
    } finally {
      await rm(temporary, { force: true });
    }
  }
}

/** Closes a response body that will not be read; the abort it causes is expected, not an error to report. */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'timed out waiting for the response';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'timed out: the server stopped sending';
  return code ? `${code}: ${error.message}` : error.message;
}
