import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Lark } from './lark-sdk';

/* Upload content on its way to Feishu: cut into blocks, and each block sent as one streamed multipart part. */

/**
 * `content` in blocks of `blockSize` bytes (the last one shorter), read into one buffer that is
 * reused for every block: each block is valid only until the next is asked for. A stream is thus
 * never held whole, only one block of it (plus what the stream itself buffers).
 */
export async function* blocksOf(content: Buffer | Readable, blockSize: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(content)) {
    for (let offset = 0; offset < content.length; offset += blockSize)
      yield content.subarray(offset, offset + blockSize);
    return;
  }
  const block = Buffer.allocUnsafe(blockSize);
  let filled = 0;
  for await (const piece of content) {
    let buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as string);
    while (buf.length > 0) {
      const take = Math.min(blockSize - filled, buf.length);
      buf.copy(block, filled, 0, take);
      filled += take;
      buf = buf.subarray(take);
      if (filled === blockSize) {
        yield block;
        filled = 0;
      }
    }
  }
  if (filled > 0) yield block.subarray(0, filled);
}

/**
 * One `upload_part` request body as multipart/form-data, the file part last, streaming the part's
 * bytes as they are. Sent as a FormData of Blob copies through axios's redirect follower instead, the
 * parts of a 256 MiB drawing stayed in memory until the upload ended: +267 MB above rest, against
 * +24 MB this way (`npm run bench feishu-flow-back`, docs/performance.md).
 */
export function partBody(
  fields: Record<string, string>,
  fileName: string,
  bytes: Buffer,
): { body: Readable; contentType: string; length: number } {
  const boundary = `----portico${randomBytes(12).toString('hex')}`;
  const text = Object.entries(fields)
    .map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    )
    .join('');
  const safeName = fileName.replace(/["\r\n]/g, '_');
  const head = Buffer.from(
    `${text}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    body: Readable.from([head, bytes, tail], { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + bytes.length + tail.length,
  };
}

/** The whole upload content in memory (for the single-request upload, at most 20 MB). */
export async function readAll(content: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  const parts: Buffer[] = [];
  for await (const piece of content)
    parts.push(Buffer.isBuffer(piece) ? piece : Buffer.from(piece as string));
  return Buffer.concat(parts);
}

/**
 * Request options for a streamed body. Without redirects axios sends it straight on Node's http (its
 * redirect follower would keep every byte written for a replay); the length is declared up front.
 */
export function streamedRequest(
  url: string,
  part: ReturnType<typeof partBody>,
  opts: ReturnType<typeof Lark.withTenantToken>,
): Lark.HttpRequestOptions<Readable> & { maxRedirects: number; maxBodyLength: number } {
  return {
    url,
    method: 'POST',
    data: part.body,
    headers: {
      ...(opts.headers ?? {}),
      'content-type': part.contentType,
      'content-length': String(part.length),
    },
    maxRedirects: 0,
    maxBodyLength: Infinity,
  };
}
