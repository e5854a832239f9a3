import { createHash } from 'node:crypto';
import { ValueError } from '@nnts/tensor';
import { decompress } from '../idx';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Accepts the bytes when the SHA-256 of the file, or of its decompressed content, is one of
 * `accepted`. Checking the content too means a re-compressed copy (as Debian ships Fashion-MNIST) or an
 * uncompressed one verifies just as well as the original download. Returns the decompressed content,
 * so a caller that needs it does not decompress twice.
 */
export function verifyDigest(bytes: Uint8Array, accepted: readonly string[], source: string): Uint8Array {
  const content = decompress(bytes, source);
  const fileDigest = sha256(bytes);
  if (accepted.includes(fileDigest)) return content;
  const contentDigest = content === bytes ? fileDigest : sha256(content);
  if (accepted.includes(contentDigest)) return content;
  throw new ChecksumError(`${source}: SHA-256 mismatch: the file is ${fileDigest}${contentDigest !== fileDigest ? ` (content ${contentDigest})` : ''}, expected one of ${accepted.join(', ')}`);
}

/** A file whose bytes are not the ones published: never cached, never used. */
export class ChecksumError extends ValueError {}
