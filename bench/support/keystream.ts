import { createCipheriv } from 'node:crypto';

/**
 * Bytes [offset, offset+length) of a large file that is never held whole: an AES-CTR keystream under
 * `key`, so any slice can be made on its own and every run sends the same bytes. `offset` must be a
 * multiple of 16 (the counter block for byte `offset` is offset / 16).
 */
export function keystreamSlice(key: Buffer, offset: number, length: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(offset / 16), 8);
  return createCipheriv('aes-128-ctr', key, iv).update(Buffer.alloc(length));
}
