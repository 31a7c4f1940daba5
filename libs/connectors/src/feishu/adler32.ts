/** Adler-32 (RFC 1950), the checksum Feishu's Drive upload takes for a file or one part of it. */
export function adler32(data: Uint8Array): number {
  const MOD = 65521;
  // 5552 bytes is the longest run whose sums cannot overflow 2^53 before the modulo (zlib's NMAX).
  const RUN = 5552;
  let a = 1;
  let b = 0;
  for (let start = 0; start < data.length; start += RUN) {
    const end = Math.min(start + RUN, data.length);
    for (let i = start; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
