import type { Readable } from 'node:stream';

/** Cuts upload content (a buffer or a stream) into parts of exactly `chunkSize` bytes; the last may be shorter. */
export async function* chunksOf(content: Buffer | Readable, chunkSize: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(content)) {
    for (let offset = 0; offset < content.length; offset += chunkSize)
      yield content.subarray(offset, offset + chunkSize);
    return;
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of content) {
    let buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as string);
    while (buf.length > 0) {
      const take = Math.min(chunkSize - pendingBytes, buf.length);
      pending.push(buf.subarray(0, take));
      pendingBytes += take;
      buf = buf.subarray(take);
      if (pendingBytes === chunkSize) {
        yield Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/** The whole upload content in memory (for the single-request upload, at most 20 MB). */
export async function readAll(content: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  const parts: Buffer[] = [];
  for await (const piece of content)
    parts.push(Buffer.isBuffer(piece) ? piece : Buffer.from(piece as string));
  return Buffer.concat(parts);
}
