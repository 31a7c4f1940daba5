import { adler32 } from './adler32';

describe('adler32', () => {
  it('matches the reference values of RFC 1950 implementations', () => {
    expect(adler32(Buffer.alloc(0))).toBe(1);
    expect(adler32(Buffer.from('Wikipedia'))).toBe(0x11e60398);
  });

  it('stays exact over runs longer than the sums can hold without a modulo', () => {
    // 1 MiB of 0xff: zlib's adler32 gives 0x8e88ef11 for it (checked with Python's zlib.adler32).
    expect(adler32(Buffer.alloc(1024 * 1024, 0xff))).toBe(0x8e88ef11);
  });
});
