import { ValueError } from '@nnts/tensor';
import { decompress } from '../idx';
import { requireNode } from '../node-runtime';

/** The SHA-256 of the bytes, in hex. Synchronous, through Node's crypto. */
export function sha256(bytes: Uint8Array): string {
  const { crypto } = requireNode({
    caller: 'sha256',
    needs: "hashes synchronously with Node's crypto",
    instead: "In a browser, use crypto.subtle.digest('SHA-256', bytes) (asynchronous).",
  });
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * Accepts the bytes when the SHA-256 of the file, or of its decompressed content, is one of
 * `accepted`. Checking the content too means a re-compressed copy (as Debian ships Fashion-MNIST) or an
 * uncompressed one verifies just as well as the original download. Returns the decompressed content,
 * so a caller that needs it does not decompress twice.
 *
 * Bytes whose own digest is not known are decompressed only up to `contentSize` (when given): a
 * gzip bomb stops there instead of filling memory.
 */
export function verifyDigest(bytes: Uint8Array, accepted: readonly string[], source: string, contentSize?: number): Uint8Array {
  const fileDigest = sha256(bytes);
  if (accepted.includes(fileDigest)) return decompress(bytes, source);
  const content = contentSize === undefined ? decompress(bytes, source) : decompressAtMost(bytes, contentSize, source);
  const contentDigest = content === bytes ? fileDigest : sha256(content);
  if (accepted.includes(contentDigest)) return content;
  throw new ChecksumError(`${source}: SHA-256 mismatch: the file is ${fileDigest}${contentDigest !== fileDigest ? ` (content ${contentDigest})` : ''}, expected one of ${accepted.join(', ')}`);
}

function decompressAtMost(bytes: Uint8Array, limit: number, source: string): Uint8Array {
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  // Reached after sha256, which has already told a caller without Node what to do instead.
  const { zlib } = requireNode({ caller: 'the digest check', needs: `decompresses ${source} with Node's zlib`, instead: 'Use crypto.subtle.digest and DecompressionStream.' });
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ChecksumError(`${source}: decompresses past the ${limit} bytes its content has; refused (a gzip bomb, or not the published file)`);
    }
    throw new ValueError(`${source}: the gzip data is truncated or corrupt (${(error as Error).message})`);
  }
}

/** A file whose bytes are not the ones published: never cached, never used. */
export class ChecksumError extends ValueError {}
