import { sha256OfBlob } from './sha256';

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
});
