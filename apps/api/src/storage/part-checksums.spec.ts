import { createHash } from 'node:crypto';
import { compositeSha256, hexToBase64, SHA256_BASE64, sha256Base64 } from './part-checksums';

describe('part checksums', () => {
  it('encodes SHA-256 in base64 as x-amz-checksum-sha256 wants it', () => {
    // SHA-256 of the empty string, the value AWS documents for an empty body.
    expect(sha256Base64(Buffer.alloc(0))).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(hexToBase64('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(
      '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    );
    expect(SHA256_BASE64.test('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=')).toBe(true);
    // Hex, a digest of the wrong length and non-canonical padding bits are not SHA-256 checksums.
    expect(SHA256_BASE64.test('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(
      false,
    );
    expect(SHA256_BASE64.test(createHash('sha1').update('x').digest('base64'))).toBe(false);
    expect(SHA256_BASE64.test('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=')).toBe(false);
  });

  it('computes the composite checksum from the raw part digests, in part order, with the part count', () => {
    const parts = [Buffer.from('first part'), Buffer.from('second part'), Buffer.from('third')];
    const digests = parts.map((p) => createHash('sha256').update(p).digest());
    const expected = createHash('sha256').update(Buffer.concat(digests)).digest('base64');
    const checksums = parts.map(sha256Base64);
    expect(compositeSha256(checksums)).toBe(`${expected}-3`);
    // Not the SHA-256 of the whole file, and the order of the parts matters.
    expect(compositeSha256(checksums)).not.toBe(`${sha256Base64(Buffer.concat(parts))}-3`);
    expect(compositeSha256([checksums[1], checksums[0], checksums[2]])).not.toBe(compositeSha256(checksums));
  });

  it('refuses an empty list and values that are not base64 SHA-256 digests', () => {
    expect(() => compositeSha256([])).toThrow(RangeError);
    expect(() => compositeSha256(['abc'])).toThrow(RangeError);
  });
});
