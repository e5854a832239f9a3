import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NntsError, ValueError, assertKnownOptions } from '@nnts/tensor';
import { Agent, interceptors, request } from 'undici';
import { defaultCacheDirectory } from './cache-directory';
import { ChecksumError, verifyDigest } from './digest';
import type { ProgressReporter } from './progress-bar';
import { terminalProgress } from './progress-bar';

/** A file to fetch: its name on the mirrors and the SHA-256 digests (of the file or its content) it may have. */
export interface RemoteFile {
  readonly name: string;
  readonly sha256: readonly string[];
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
  /** Progress of each download; a terminal progress bar on stderr by default, `false` for none. */
  readonly progress?: false | ((name: string) => ProgressReporter);
}

/** The network was needed and not allowed, or failed on every mirror. */
export class DownloadError extends NntsError {}

class RetryableError extends Error {}

/**
 * Fetches files into a cache directory, safely:
 * - a verified file in the cache is used without any request;
 * - every download is checked against its SHA-256 before it is kept;
 * - bytes go to a temporary file that is renamed into place only once verified, so a crash or a
 *   concurrent download never leaves a file that looks valid but is not;
 * - mirrors are tried in order, failures that may pass are retried with exponential backoff, and a
 *   stalled server hits a timeout;
 * - two loads of the same file at once share one download.
 */
export class Downloader {
  readonly cacheDirectory: string;
  private readonly options: Required<Omit<DownloaderOptions, 'cacheDirectory'>>;
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly dispatcher = new Agent().compose(interceptors.redirect({ maxRedirections: 5 }));

  constructor(options: DownloaderOptions) {
    assertKnownOptions('Downloader', options, ['mirrors', 'cacheDirectory', 'offline', 'retries', 'backoffMs', 'timeoutMs', 'progress']);
    if (options.mirrors.length === 0 && !options.offline) throw new ValueError('Downloader: at least one mirror is needed');
    this.cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
    this.options = {
      mirrors: options.mirrors,
      offline: options.offline ?? process.env.NNTS_OFFLINE === '1',
      retries: options.retries ?? 2,
      backoffMs: options.backoffMs ?? 500,
      timeoutMs: options.timeoutMs ?? 30_000,
      progress: options.progress ?? terminalProgress,
    };
  }

  /** The path of the verified file in the cache, downloading it first when needed. */
  fetch(file: RemoteFile): Promise<string> {
    const target = join(this.cacheDirectory, file.name);
    const pending = this.inFlight.get(target);
    if (pending) return pending;
    const loading = this.load(file, target).finally(() => this.inFlight.delete(target));
    this.inFlight.set(target, loading);
    return loading;
  }

  /** The path of the verified file when the cache holds it, else null; never touches the network. A damaged cached copy is removed. */
  async cached(file: RemoteFile): Promise<string | null> {
    const target = join(this.cacheDirectory, file.name);
    if (!existsSync(target)) return null;
    try {
      verifyDigest(await readFile(target), file.sha256, target);
      return target;
    } catch (error) {
      if (!(error instanceof ChecksumError) && !(error instanceof ValueError)) throw error;
      await rm(target, { force: true }); // a damaged cached copy is replaced, not trusted
      return null;
    }
  }

  private async load(file: RemoteFile, target: string): Promise<string> {
    if ((await this.cached(file)) !== null) return target;
    if (this.options.offline) {
      throw new DownloadError(
        `offline: ${file.name} is not in ${this.cacheDirectory}. Copy it there (its SHA-256 is one of ${file.sha256.join(', ')}), ` +
          'point the loader at a directory that holds it, or allow downloads (unset NNTS_OFFLINE).',
      );
    }
    await mkdir(this.cacheDirectory, { recursive: true });
    await this.removeStaleParts(file);
    const failures: string[] = [];
    for (const mirror of this.options.mirrors) {
      // A base without its trailing slash would lose its last segment to URL resolution.
      const url = new URL(file.name, mirror.endsWith('/') ? mirror : `${mirror}/`).href;
      for (let attempt = 0; attempt <= this.options.retries; attempt++) {
        if (attempt > 0) await sleep(this.options.backoffMs * 2 ** (attempt - 1));
        try {
          await this.downloadOnce(url, file, target);
          return target;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          failures.push(`${url} (attempt ${attempt + 1}): ${reason}`);
          if (!(error instanceof RetryableError)) break; // checksum or HTTP 4xx: the next mirror, not the same one again
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
    const stale = Date.now() - 2 * this.options.timeoutMs;
    for (const name of await readdir(this.cacheDirectory)) {
      if (!name.startsWith(`${file.name}.`) || !name.endsWith('.part')) continue;
      const path = join(this.cacheDirectory, name);
      const modified = await stat(path).then((s) => s.mtimeMs, () => Number.POSITIVE_INFINITY);
      if (modified < stale) await rm(path, { force: true });
    }
  }

  private async downloadOnce(url: string, file: RemoteFile, target: string): Promise<void> {
    const temporary = `${target}.${randomUUID()}.part`;
    try {
      let response;
      try {
        response = await request(url, { dispatcher: this.dispatcher, headersTimeout: this.options.timeoutMs, bodyTimeout: this.options.timeoutMs });
      } catch (error) {
        throw new RetryableError(describeNetworkError(error));
      }
      const { statusCode, headers, body } = response;
      if (statusCode !== 200) {
        await body.dump();
        const message = `HTTP ${statusCode}`;
        throw statusCode >= 500 || statusCode === 429 ? new RetryableError(message) : new Error(message);
      }
      const declared = Number(headers['content-length']);
      const total = Number.isFinite(declared) ? declared : null;
      const report = this.options.progress ? this.options.progress(file.name) : null;
      let received = 0;
      const output = await open(temporary, 'w');
      try {
        for await (const chunk of body) {
          received += (chunk as Buffer).length;
          await output.write(chunk as Buffer);
          report?.(received, total);
        }
      } catch (error) {
        throw new RetryableError(describeNetworkError(error));
      } finally {
        await output.close();
      }
      if (total !== null && received !== total) throw new RetryableError(`truncated body: ${received} of ${total} bytes`);
      verifyDigest(await readFile(temporary), file.sha256, url);
      await rename(temporary, target); // atomic on one file system: the file appears whole or not at all
    } finally {
      await rm(temporary, { force: true });
    }
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'timed out waiting for the response';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'timed out: the server stopped sending';
  return code ? `${code}: ${error.message}` : error.message;
}
