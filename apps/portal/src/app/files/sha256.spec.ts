import { partSizeFor } from './part-plan';
import { digestsOfBlob, sha256OfBlob } from './sha256';

const MiB = 1024 * 1024;
const base64Sha256 = async (bytes: Uint8Array<ArrayBuffer>) =>
  btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))));

describe('sha256OfBlob', () => {
  it('matches the well-known digest of the empty input', async () => {
    expect(await sha256OfBlob(new Blob([]))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('hashes across chunk boundaries exactly like one pass, reporting progress', async () => {
    const bytes = new Uint8Array(9 * 1024 * 1024 + 7).map((_, i) => i % 251);
    const seen: number[] = [];
    const chunked = await sha256OfBlob(new Blob([bytes]), (done) => seen.push(done));
    const expected = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    expect(chunked).toBe(expected);
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.length).toBe(3);
  });

  it('hashes every part on the same read, in base64, the last part shorter', async () => {
    const bytes = new Uint8Array(2 * 8 * MiB + 5).map((_, i) => (i * 7) % 253);
    const digests = await digestsOfBlob(new Blob([bytes]), 8 * MiB);
    expect(digests.partChecksums).toEqual([
      await base64Sha256(bytes.slice(0, 8 * MiB)),
      await base64Sha256(bytes.slice(8 * MiB, 16 * MiB)),
      await base64Sha256(bytes.slice(16 * MiB)),
    ]);
    expect(digests.sha256).toBe(await sha256OfBlob(new Blob([bytes])));
  });

  it('chooses the API’s part size: 8 MiB, more only beyond 10 000 parts', () => {
    expect(partSizeFor(10)).toBe(8 * MiB);
    expect(partSizeFor(80_000 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(80_000 * MiB + 1)).toBe(9 * MiB);
  });
});
