import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortMultipartUploadCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../config';
import { EmbeddedS3, startEmbeddedS3 } from '../embedded';
import { MultipartPlan } from './multipart-plan';
import { compositeSha256, sha256Base64 } from './part-checksums';
import {
  PartUrl,
  StorageOperationUnsupported,
  StorageService,
  StorageUploadGone,
  UploadedPart,
} from './storage.service';
import { startVerifyingProxy, VerifyingProxy } from './testing/sigv4-verifying-proxy';

const MiB = 1024 * 1024;

describe('StorageService against an S3-compatible server', () => {
  let dir: string;
  let s3: EmbeddedS3;
  let storage: StorageService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-storage-'));
    s3 = await startEmbeddedS3(dir, 'storage-spec');
    const config = loadConfig({ NODE_ENV: 'test', S3_BUCKET: 'storage-spec' });
    storage = new StorageService({ ...config, s3: { ...config.s3, endpoint: s3.endpoint } });
  });
  afterAll(async () => {
    storage.client.destroy();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function uploadThroughPresignedParts(key: string, body: Buffer): Promise<UploadedPart[]> {
    const plan = new MultipartPlan(body.length);
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    const urls = await storage.presignUploadParts(key, uploadId, plan);
    const parts: UploadedPart[] = [];
    for (const { partNumber, url, size } of urls) {
      const start = (partNumber - 1) * plan.partSize;
      const res = await fetch(url, { method: 'PUT', body: body.subarray(start, start + size) });
      expect(res.status).toBe(200);
      parts.push({ partNumber, etag: res.headers.get('etag') ?? '' });
    }
    await storage.completeMultipartUpload(key, uploadId, parts.reverse());
    return parts;
  }

  it('stores a multipart upload sent through presigned part URLs byte for byte', async () => {
    const body = randomBytes(17 * MiB + 123);
    const key = `spec/${randomUUID()}`;
    await uploadThroughPresignedParts(key, body);
    const seen = createHash('sha256');
    const digest = await storage.digestObject(key, (chunk) => seen.update(chunk));
    expect(digest.size).toBe(body.length);
    expect(digest.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    // The content checks see every byte on the same single read.
    expect(seen.digest('hex')).toBe(digest.sha256);
    expect(digest.head.equals(body.subarray(0, 64 * 1024))).toBe(true);
  });

  it('issues part URLs valid 15 minutes, bound to key, upload and part, signing the part length', async () => {
    const key = `spec/${randomUUID()}`;
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    const [first, last] = await storage.presignUploadParts(key, uploadId, new MultipartPlan(9 * MiB));
    const url = new URL(first.url);
    expect(url.pathname).toBe(`/storage-spec/${key}`);
    expect(url.searchParams.get('uploadId')).toBe(uploadId);
    expect(url.searchParams.get('partNumber')).toBe('1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    // The SDK's default checksum parameters break uploads on several S3-compatible servers.
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([]);
    expect([first.size, last.size]).toEqual([8 * MiB, MiB]);
  });

  it('lets a browser on another origin PUT parts and read their ETag (CORS of the embedded server)', async () => {
    const key = `spec/${randomUUID()}`;
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    const [part] = await storage.presignUploadParts(key, uploadId, new MultipartPlan(10));
    const origin = 'http://portal.example';
    const preflight = await fetch(part.url, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    const put = await fetch(part.url, {
      method: 'PUT',
      headers: { Origin: origin },
      body: Buffer.from('0123456789'),
    });
    expect(put.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(put.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('has an expired presigned URL refused by the storage server', async () => {
    const key = `spec/${randomUUID()}`;
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    const [part] = await storage.presignUploadParts(key, uploadId, new MultipartPlan(10), [1], null, 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const res = await fetch(part.url, { method: 'PUT', body: Buffer.from('0123456789') });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('AccessDenied');
  });

  it('serves a download with the requested disposition and type, valid at most 5 minutes', async () => {
    const key = `spec/${randomUUID()}`;
    await uploadThroughPresignedParts(key, Buffer.from('%PDF-1.7 tiny'));
    const url = await storage.presignDownload(key, {
      fileName: 'Zeichnung Ä.pdf',
      contentType: 'application/pdf',
      disposition: 'attachment',
      expiresIn: 3600,
    });
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Zeichnung A.pdf"; filename*=UTF-8''Zeichnung%20%C3%84.pdf`,
    );
    expect(await res.text()).toBe('%PDF-1.7 tiny');
  });

  it('deletes an object', async () => {
    const key = `spec/${randomUUID()}`;
    await uploadThroughPresignedParts(key, Buffer.from('bytes'));
    expect(await storage.exists(key)).toBe(true);
    await storage.deleteObject(key);
    expect(await storage.exists(key)).toBe(false);
  });

  /** PUTs the given parts of `body` to their presigned URLs; returns them with their ETags. */
  async function putParts(urls: PartUrl[], plan: MultipartPlan, body: Buffer): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    for (const { partNumber, url, size } of urls) {
      const start = (partNumber - 1) * plan.partSize;
      const res = await fetch(url, { method: 'PUT', body: body.subarray(start, start + size) });
      expect(res.status).toBe(200);
      parts.push({ partNumber, etag: res.headers.get('etag') ?? '', size });
    }
    return parts;
  }

  it('lists the parts it already holds, so an interrupted upload resumes with the rest', async () => {
    const body = randomBytes(17 * MiB + 5);
    const plan = new MultipartPlan(body.length);
    expect(plan.partCount).toBe(3);
    const key = `spec/${randomUUID()}`;
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    expect(await storage.listUploadedParts(key, uploadId)).toEqual([]);
    const sent = await putParts(await storage.presignUploadParts(key, uploadId, plan, [1, 2]), plan, body);

    // The client lost its ETags: the server's list says what is done, with ETags and sizes.
    const held = await storage.listUploadedParts(key, uploadId);
    expect(held).toEqual(sent);
    const rest = await putParts(await storage.presignUploadParts(key, uploadId, plan, [3]), plan, body);
    await storage.completeMultipartUpload(key, uploadId, [...held, ...rest]);

    const digest = await storage.digestObject(key);
    expect(digest.size).toBe(body.length);
    expect(digest.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    // Completed uploads are gone, as on AWS.
    await expect(storage.listUploadedParts(key, uploadId)).rejects.toBeInstanceOf(StorageUploadGone);
  });

  it('pages ListParts with max-parts and part-number-marker as S3 does', async () => {
    const body = randomBytes(17 * MiB);
    const plan = new MultipartPlan(body.length);
    const key = `spec/${randomUUID()}`;
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    await putParts(await storage.presignUploadParts(key, uploadId, plan), plan, body);
    const page = (marker?: string) =>
      storage.client.send(
        new ListPartsCommand({
          Bucket: 'storage-spec',
          Key: key,
          UploadId: uploadId,
          MaxParts: 2,
          PartNumberMarker: marker,
        }),
      );
    const first = await page();
    expect(first).toMatchObject({ Bucket: 'storage-spec', Key: key, UploadId: uploadId, MaxParts: 2 });
    expect(first.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, 8 * MiB],
      [2, 8 * MiB],
    ]);
    expect(first.Parts?.[0].LastModified).toBeInstanceOf(Date);
    expect([first.IsTruncated, first.NextPartNumberMarker]).toEqual([true, '2']);
    const second = await page('2');
    expect(second.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[3, MiB]]);
    expect(second.IsTruncated).toBe(false);
  });

  it('aborts an upload: its parts are freed and it can no longer be listed, continued or completed', async () => {
    const body = randomBytes(9 * MiB);
    const plan = new MultipartPlan(body.length);
    const key = `spec/${randomUUID()}`;
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    const urls = await storage.presignUploadParts(key, uploadId, plan);
    const [first] = await putParts(urls.slice(0, 1), plan, body);

    await storage.abortMultipartUpload(key, uploadId);
    expect(readdirSync(join(dir, 'storage-spec'), { recursive: true }).join()).not.toContain(uploadId);

    const noSuchUpload = {
      name: 'NoSuchUpload',
      $metadata: expect.objectContaining({ httpStatusCode: 404 }),
    };
    const list = new ListPartsCommand({ Bucket: 'storage-spec', Key: key, UploadId: uploadId });
    await expect(storage.client.send(list)).rejects.toMatchObject(noSuchUpload);
    await expect(storage.listUploadedParts(key, uploadId)).rejects.toBeInstanceOf(StorageUploadGone);
    await expect(storage.completeMultipartUpload(key, uploadId, [first])).rejects.toMatchObject(noSuchUpload);
    // Aborting again is not an error: the parts are freed either way.
    await storage.abortMultipartUpload(key, uploadId);
    const late = await fetch(urls[1].url, { method: 'PUT', body: body.subarray(plan.partSize) });
    expect(late.status).toBe(404);
    expect(await late.text()).toContain('<Code>NoSuchUpload</Code>');
    expect(await storage.exists(key)).toBe(false);
  });

  describe('SHA-256 part checksums', () => {
    const MiB8 = 8 * MiB;
    async function checkedUpload(body: Buffer) {
      const key = `spec/${randomUUID()}`;
      const plan = new MultipartPlan(body.length);
      const slices = plan.partNumbers().map((n) => body.subarray((n - 1) * plan.partSize, n * plan.partSize));
      const checksums = slices.map(sha256Base64);
      const uploadId = await storage.startMultipartUpload(key, 'application/pdf', true);
      const urls = await storage.presignUploadParts(key, uploadId, plan, plan.partNumbers(), checksums);
      return { key, plan, slices, checksums, uploadId, urls };
    }

    it('binds each part’s checksum into its URL as signed headers the PUT must send', async () => {
      const { urls, checksums } = await checkedUpload(randomBytes(MiB8 + 10));
      expect(urls[1].headers).toEqual({
        'x-amz-checksum-sha256': checksums[1],
        'x-amz-sdk-checksum-algorithm': 'SHA256',
      });
      const signed = new URL(urls[1].url).searchParams.get('X-Amz-SignedHeaders')!.split(';');
      expect(signed).toEqual(
        expect.arrayContaining(['content-length', 'x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm']),
      );
    });

    it('has a part whose bytes do not match its checksum refused (BadDigest) and not stored', async () => {
      const { urls, slices, key, uploadId } = await checkedUpload(randomBytes(MiB8 + 10));
      const corrupted = Buffer.from(slices[0]);
      corrupted[1234] ^= 0xff;
      const refused = await fetch(urls[0].url, { method: 'PUT', body: corrupted, headers: urls[0].headers });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('<Code>BadDigest</Code>');
      expect(await storage.listUploadedParts(key, uploadId)).toEqual([]);
      // Without the signed header the request does not match its signature.
      const unsigned = await fetch(urls[0].url, { method: 'PUT', body: slices[0] });
      expect(unsigned.status).toBe(403);
      const good = await fetch(urls[0].url, { method: 'PUT', body: slices[0], headers: urls[0].headers });
      expect(good.status).toBe(200);
      expect((await storage.listUploadedParts(key, uploadId)).map((p) => p.partNumber)).toEqual([1]);
    });

    it('also checks a checksum sent as a query parameter', async () => {
      const key = `spec/${randomUUID()}`;
      const uploadId = await storage.startMultipartUpload(key, 'application/pdf', true);
      const [part] = await storage.presignUploadParts(key, uploadId, new MultipartPlan(10), [1]);
      const url = new URL(part.url);
      url.searchParams.set('x-amz-checksum-sha256', sha256Base64(Buffer.from('0123456789')));
      expect((await fetch(url, { method: 'PUT', body: Buffer.from('0123456789') })).status).toBe(200);
      const res = await fetch(url, { method: 'PUT', body: Buffer.from('9876543210') });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('BadDigest');
    });

    it('completes with the part checksums and reports the composite checksum', async () => {
      const body = randomBytes(MiB8 + 10);
      const { urls, slices, key, uploadId, checksums } = await checkedUpload(body);
      const parts = [];
      for (const [i, part] of urls.entries()) {
        const res = await fetch(part.url, { method: 'PUT', body: slices[i], headers: part.headers });
        parts.push({
          partNumber: part.partNumber,
          etag: res.headers.get('etag')!,
          checksumSHA256: checksums[i],
        });
      }
      const completed = await storage.completeMultipartUpload(key, uploadId, parts);
      expect(completed.checksumSHA256).toBe(compositeSha256(checksums));
      expect((await storage.digestObject(key)).sha256).toBe(createHash('sha256').update(body).digest('hex'));
      const head = await storage.readHead(key, 100);
      expect(head).toMatchObject({ size: body.length, head: body.subarray(0, 100) });
    });

    it('refuses to complete with a part checksum other than the stored part’s (InvalidPart)', async () => {
      const { urls, slices, key, uploadId, checksums } = await checkedUpload(randomBytes(MiB8 + 10));
      const parts = [];
      for (const [i, part] of urls.entries()) {
        const res = await fetch(part.url, { method: 'PUT', body: slices[i], headers: part.headers });
        parts.push({
          partNumber: part.partNumber,
          etag: res.headers.get('etag')!,
          checksumSHA256: checksums[i],
        });
      }
      const wrong = [{ ...parts[0], checksumSHA256: checksums[1] }, parts[1]];
      await expect(storage.completeMultipartUpload(key, uploadId, wrong)).rejects.toMatchObject({
        name: 'InvalidPart',
        $metadata: expect.objectContaining({ httpStatusCode: 400 }),
      });
      // The upload is intact: completing with the right checksums still works.
      await expect(storage.completeMultipartUpload(key, uploadId, parts)).resolves.toMatchObject({
        checksumSHA256: compositeSha256(checksums),
      });
    });
  });

  it('answers NoSuchUpload for an upload id of another key or one it never issued', async () => {
    const key = `spec/${randomUUID()}`;
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    for (const [k, id] of [
      [`spec/${randomUUID()}`, uploadId],
      [key, 'f'.repeat(32)],
      [key, '../../storage-spec'],
    ]) {
      await expect(
        storage.client.send(new ListPartsCommand({ Bucket: 'storage-spec', Key: k, UploadId: id })),
      ).rejects.toMatchObject({ name: 'NoSuchUpload' });
      await expect(
        storage.client.send(
          new AbortMultipartUploadCommand({ Bucket: 'storage-spec', Key: k, UploadId: id }),
        ),
      ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    }
    expect(await storage.listUploadedParts(key, uploadId)).toEqual([]);
  });
});

describe('StorageService against a server without ListParts and AbortMultipartUpload', () => {
  it('reports both as unsupported, so callers can fall back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-storage-'));
    // Plain s3rver, without the embedded server's additions.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('s3rver');
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      directory: dir,
      silent: true,
      configureBuckets: [{ name: 'storage-spec', configs: [] }],
    });
    const { port } = await server.run();
    const config = loadConfig({ NODE_ENV: 'test', S3_BUCKET: 'storage-spec' });
    const storage = new StorageService({
      ...config,
      s3: { ...config.s3, endpoint: `http://127.0.0.1:${port}` },
    });
    try {
      const key = `spec/${randomUUID()}`;
      const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
      await expect(storage.listUploadedParts(key, uploadId)).rejects.toBeInstanceOf(
        StorageOperationUnsupported,
      );
      await expect(storage.abortMultipartUpload(key, uploadId)).rejects.toBeInstanceOf(
        StorageOperationUnsupported,
      );
    } finally {
      storage.client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('StorageService presigned URLs behind a signature-verifying proxy', () => {
  let dir: string;
  let s3: EmbeddedS3;
  let proxy: VerifyingProxy;
  let storage: StorageService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-storage-'));
    s3 = await startEmbeddedS3(dir, 'storage-spec');
    const config = loadConfig({ NODE_ENV: 'test', S3_BUCKET: 'storage-spec' });
    const signing = new StorageService({ ...config, s3: { ...config.s3, endpoint: s3.endpoint } });
    proxy = await startVerifyingProxy({
      target: s3.endpoint,
      region: config.s3.region,
      accessKeyId: config.s3.accessKeyId,
      secretAccessKey: config.s3.secretAccessKey,
      sha256: signing.client.config.sha256,
    });
    signing.client.destroy();
    storage = new StorageService({ ...config, s3: { ...config.s3, endpoint: proxy.endpoint } });
  });
  afterAll(async () => {
    storage.client.destroy();
    await proxy.stop();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function partUrl(key: string): Promise<string> {
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf');
    const [part] = await storage.presignUploadParts(key, uploadId, new MultipartPlan(10));
    return part.url;
  }

  it('accepts an untouched part URL', async () => {
    const res = await fetch(await partUrl(`spec/${randomUUID()}`), {
      method: 'PUT',
      body: Buffer.from('0123456789'),
    });
    expect(res.status).toBe(200);
  });

  it('refuses a part URL pointed at another object key', async () => {
    const url = new URL(await partUrl(`spec/${randomUUID()}`));
    url.pathname = `/storage-spec/spec/${randomUUID()}`;
    const res = await fetch(url, { method: 'PUT', body: Buffer.from('0123456789') });
    expect(res.status).toBe(403);
  });

  it('refuses a part URL with another part number or a longer lifetime', async () => {
    const original = await partUrl(`spec/${randomUUID()}`);
    for (const [name, value] of [
      ['partNumber', '2'],
      ['X-Amz-Expires', '604800'],
    ]) {
      const url = new URL(original);
      url.searchParams.set(name, value);
      const res = await fetch(url, { method: 'PUT', body: Buffer.from('0123456789') });
      expect(res.status).toBe(403);
    }
  });

  it('accepts a part URL with its checksum headers, and refuses other checksum headers', async () => {
    const key = `spec/${randomUUID()}`;
    const body = Buffer.from('0123456789');
    const uploadId = await storage.startMultipartUpload(key, 'application/pdf', true);
    const [part] = await storage.presignUploadParts(
      key,
      uploadId,
      new MultipartPlan(10),
      [1],
      [sha256Base64(body)],
    );
    const other = { ...part.headers, 'x-amz-checksum-sha256': sha256Base64(Buffer.from('x')) };
    expect((await fetch(part.url, { method: 'PUT', body, headers: other })).status).toBe(403);
    expect((await fetch(part.url, { method: 'PUT', body, headers: part.headers })).status).toBe(200);
  });

  it('refuses a part of another length than the one signed', async () => {
    const res = await fetch(await partUrl(`spec/${randomUUID()}`), {
      method: 'PUT',
      body: Buffer.from('01234567890'),
    });
    expect(res.status).toBe(403);
  });
});
