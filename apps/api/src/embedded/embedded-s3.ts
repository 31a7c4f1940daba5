import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';

export interface EmbeddedS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** CORS so the portal can PUT parts straight to storage and read each part's ETag (contracts/s3.md §2). */
const corsConfig = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/**
 * An S3-compatible server on loopback storing under `directory`, with `bucket` created at start.
 * s3rver, plus the multipart operations it lacks (see `multipartGaps`) and the SHA-256 checksums it
 * ignores (see `partChecksums`).
 */
export async function startEmbeddedS3(directory: string, bucket: string, port = 0): Promise<EmbeddedS3> {
  mkdirSync(directory, { recursive: true });
  // Loaded here, not at the top: an API configured with a real S3 should not hold s3rver, Koa and
  // their dependencies in memory (~5 MB). s3rver ships no type declarations.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver');
  const instance = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [corsConfig] }],
  });
  // Ahead of s3rver's own router, which answers these with MethodNotAllowed or ignores checksums.
  instance.middleware.unshift(partChecksums(instance.store as UploadStore));
  instance.middleware.unshift(multipartGaps(instance.store as UploadStore));
  instance.middleware.unshift(noSniff);
  const address: AddressInfo = await instance.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: () => instance.close(),
  };
}

/** The part of s3rver's filesystem store that says where an upload's parts live. */
interface UploadStore {
  getResourcePath(bucket: string, key: undefined, resource: 'uploads'): string;
}

/** The few members of a Koa context used here (s3rver is a Koa application). */
interface Context {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  type: string;
  req: IncomingMessage | Readable;
  get(header: string): string;
  set(header: string, value: string): void;
  remove(header: string): void;
}

const MAX_PARTS_PER_PAGE = 1000;

/**
 * Every answer carries `X-Content-Type-Options: nosniff`, so a browser opening a stored object takes
 * the content type signed into the URL at face value. AWS S3 cannot add this header itself (only the
 * response-* overrides); there it belongs to the CDN or proxy in front (docs/file-safety.md).
 */
async function noSniff(ctx: { set(name: string, value: string): void }, next: () => Promise<void>) {
  ctx.set('X-Content-Type-Options', 'nosniff');
  await next();
}

/**
 * ListParts and AbortMultipartUpload as AWS documents them (API_ListParts, API_AbortMultipartUpload),
 * and NoSuchUpload (404) for any request naming an upload that was aborted, completed or never
 * existed — s3rver would otherwise answer ListParts/Abort with MethodNotAllowed, store parts of an
 * aborted upload anew and fail completing one with a 500. Works on s3rver's own upload directories:
 * `<uploads>/<uploadId>/key` holds the object key, `<n>` a part and `<n>.md5` its MD5 once complete.
 */
function multipartGaps(store: UploadStore) {
  return async (ctx: Context, next: () => Promise<void>): Promise<void> => {
    const uploadId = ctx.query.uploadId;
    const target = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (typeof uploadId !== 'string' || !target || ctx.method === 'OPTIONS') return next();
    const bucket = decodeURIComponent(target[1]);
    const key = decodeURIComponent(target[2]);
    // s3rver's upload ids are 32 hex digits; anything else cannot name a directory of ours.
    const dir = /^[0-9a-f]{32}$/.test(uploadId)
      ? join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId)
      : null;
    const storedKey = dir ? await readFile(join(dir, 'key'), 'utf8').catch(() => null) : null;
    if (storedKey !== key) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = xmlDocument(
        `<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.</Message><UploadId>${xml(uploadId)}</UploadId></Error>`,
      );
      return;
    }
    if (ctx.method === 'DELETE') {
      await rm(dir!, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'GET') {
      ctx.type = 'application/xml';
      ctx.body = await listParts(dir!, bucket, key, uploadId, ctx.query);
      return;
    }
    return next();
  };
}

/**
 * SHA-256 checksums as AWS enforces them (API_UploadPart, API_CompleteMultipartUpload; checksums in
 * contracts): an UploadPart whose `x-amz-checksum-sha256` (header, or presigned query parameter) does
 * not match its bytes is refused with 400 BadDigest and not stored; a presigned URL that signed the
 * header but a request that does not send it is refused as a signature mismatch (403); a
 * CompleteMultipartUpload naming a part checksum other than the stored part's is refused with 400
 * InvalidPart, and one whose parts all carry checksums answers the composite checksum
 * (`<base64>-<parts>`). Each stored part's SHA-256 is kept beside it as `<n>.sha256`.
 */
function partChecksums(store: UploadStore) {
  return async (ctx: Context, next: () => Promise<void>): Promise<void> => {
    const uploadId = ctx.query.uploadId;
    const target = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (typeof uploadId !== 'string' || !/^[0-9a-f]{32}$/.test(uploadId) || !target) return next();
    const dir = join(store.getResourcePath(decodeURIComponent(target[1]), undefined, 'uploads'), uploadId);
    const partNumber = ctx.query.partNumber;
    if (ctx.method === 'PUT' && typeof partNumber === 'string' && /^\d+$/.test(partNumber)) {
      return checkedUploadPart(ctx, next, join(dir, partNumber));
    }
    if (ctx.method === 'POST') return checkedComplete(ctx, next, dir);
    return next();
  };
}

async function checkedUploadPart(ctx: Context, next: () => Promise<void>, partPath: string): Promise<void> {
  const fromQuery = ctx.query['x-amz-checksum-sha256'];
  const expected = ctx.get('x-amz-checksum-sha256') || (typeof fromQuery === 'string' ? fromQuery : '');
  const signed = String(ctx.query['X-Amz-SignedHeaders'] ?? '').split(';');
  if (signed.includes('x-amz-checksum-sha256') && !ctx.get('x-amz-checksum-sha256')) {
    return s3Error(
      ctx,
      403,
      'SignatureDoesNotMatch',
      'The request lacks the x-amz-checksum-sha256 header it was signed with.',
    );
  }
  // s3rver streams ctx.req into the part file: hash the bytes on their way there.
  const hash = createHash('sha256');
  const source = ctx.req;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  source.on('error', (error) => tap.destroy(error));
  ctx.req = source.pipe(tap);
  await next();
  if (ctx.status >= 300) return;
  const actual = hash.digest('base64');
  if (expected && actual !== expected) {
    await Promise.all(
      [partPath, `${partPath}.md5`, `${partPath}.sha256`].map((path) => rm(path, { force: true })),
    );
    ctx.remove('ETag');
    return s3Error(ctx, 400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.');
  }
  await writeFile(`${partPath}.sha256`, actual);
  if (expected) ctx.set('x-amz-checksum-sha256', actual);
}

async function checkedComplete(ctx: Context, next: () => Promise<void>, dir: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  // s3rver parses the body itself: hand it the bytes again.
  ctx.req = Readable.from([body]);
  const parts = [...body.toString('utf8').matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, part]) => ({
    number: /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(part)?.[1],
    checksum: /<ChecksumSHA256>\s*([^<\s]+)\s*<\/ChecksumSHA256>/.exec(part)?.[1],
  }));
  const stored: string[] = [];
  for (const part of parts) {
    if (!part.checksum || !part.number) continue;
    const actual = await readFile(join(dir, String(Number(part.number)) + '.sha256'), 'utf8').catch(
      () => null,
    );
    if (actual !== part.checksum) {
      return s3Error(
        ctx,
        400,
        'InvalidPart',
        `One or more of the specified parts could not be found or the specified checksum did not match: part ${Number(part.number)}.`,
      );
    }
    stored[Number(part.number)] = actual;
  }
  await next();
  const all = parts.length > 0 && parts.every((p) => p.checksum);
  if (ctx.status >= 300 || !all || typeof ctx.body !== 'string') return;
  const digests = parts
    .map((p) => Number(p.number))
    .sort((a, b) => a - b)
    .map((n) => Buffer.from(stored[n], 'base64'));
  const composite = `${createHash('sha256').update(Buffer.concat(digests)).digest('base64')}-${digests.length}`;
  ctx.body = ctx.body.replace(
    '</CompleteMultipartUploadResult>',
    `<ChecksumSHA256>${composite}</ChecksumSHA256></CompleteMultipartUploadResult>`,
  );
}

function s3Error(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = xmlDocument(`<Error><Code>${code}</Code><Message>${xml(message)}</Message></Error>`);
}

async function listParts(
  dir: string,
  bucket: string,
  key: string,
  uploadId: string,
  query: Context['query'],
): Promise<string> {
  const marker = Math.max(0, Number(query['part-number-marker']) || 0);
  const maxParts = Math.min(
    MAX_PARTS_PER_PAGE,
    Math.max(0, Number(query['max-parts'] ?? MAX_PARTS_PER_PAGE) || 0),
  );
  const names = new Set(await readdir(dir));
  // A part counts once its MD5 is written, i.e. once s3rver has answered its upload.
  const numbers = [...names]
    .filter((name) => /^\d+$/.test(name) && names.has(`${name}.md5`))
    .map(Number)
    .filter((n) => n > marker)
    .sort((a, b) => a - b);
  const page = numbers.slice(0, maxParts);
  const parts = await Promise.all(
    page.map(async (n) => {
      const [info, md5] = await Promise.all([
        stat(join(dir, String(n))),
        readFile(join(dir, `${n}.md5`), 'utf8'),
      ]);
      return `<Part><PartNumber>${n}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified><ETag>${xml(`"${md5.trim()}"`)}</ETag><Size>${info.size}</Size></Part>`;
    }),
  );
  const last = page[page.length - 1] ?? marker;
  return xmlDocument(
    `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Bucket>${xml(bucket)}</Bucket><Key>${xml(key)}</Key><UploadId>${xml(uploadId)}</UploadId>` +
      `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${last}</NextPartNumberMarker>` +
      `<MaxParts>${maxParts}</MaxParts><IsTruncated>${numbers.length > page.length}</IsTruncated>` +
      parts.join('') +
      `<StorageClass>STANDARD</StorageClass></ListPartsResult>`,
  );
}

function xmlDocument(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
