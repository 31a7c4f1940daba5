import { createHash } from 'node:crypto';

/** `x-amz-checksum-sha256` carries the 32-byte digest in base64 (44 characters), not hex. */
export const SHA256_BASE64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export function sha256Base64(data: Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/**
 * The object checksum S3 gives a multipart upload whose parts carried SHA-256 checksums (type
 * COMPOSITE): the SHA-256 of the parts' raw digests concatenated in part order, in base64, followed
 * by `-<part count>`. It is not the SHA-256 of the file (S3 has no full-object SHA-256 for multipart
 * uploads), which is why the whole-file digest is still verified by reading the object.
 */
export function compositeSha256(partChecksums: readonly string[]): string {
  if (!partChecksums.length) throw new RangeError('a multipart upload has at least one part');
  const hash = createHash('sha256');
  for (const checksum of partChecksums) {
    if (!SHA256_BASE64.test(checksum)) throw new RangeError(`not a base64 SHA-256: ${checksum}`);
    hash.update(Buffer.from(checksum, 'base64'));
  }
  return `${hash.digest('base64')}-${partChecksums.length}`;
}
