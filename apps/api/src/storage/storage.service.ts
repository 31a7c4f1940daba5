import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListPartsCommand,
  ListPartsCommandOutput,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { APP_CONFIG, AppConfig } from '../config';
import { ConflictError } from '../common';
import { contentDisposition } from './content-disposition';
import { MultipartPlan } from './multipart-plan';

/** Presigned part URLs live long enough for one slow part, short enough to be useless when leaked. */
export const PART_URL_TTL_SECONDS = 15 * 60;
/** Download links are handed out per click and audited; five minutes covers a slow start. */
export const DOWNLOAD_URL_TTL_SECONDS = 5 * 60;

export interface PartUrl {
  partNumber: number;
  /** Exact byte count the URL accepts (signed as content-length, enforced by AWS). */
  size: number;
  url: string;
  /**
   * Headers the PUT must carry exactly as given: they are signed into the URL. With a part checksum,
   * `x-amz-checksum-sha256` (the storage refuses a part whose bytes do not match it) and
   * `x-amz-sdk-checksum-algorithm`.
   */
  headers: Record<string, string>;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size?: number;
  /** Base64 SHA-256 of the part, sent to CompleteMultipartUpload when the upload has checksums. */
  checksumSHA256?: string;
}

export interface CompletedUpload {
  versionId: string | null;
  /** The composite object checksum (`<base64>-<parts>`) when the storage reports one. */
  checksumSHA256: string | null;
}

export interface ObjectHead {
  /** The object's first bytes (fewer when it is shorter). */
  head: Buffer;
  /** The whole object's size. */
  size: number;
  versionId: string | null;
}

export interface ObjectDigest {
  size: number;
  /** Lower-case hex SHA-256 of the whole stored object. */
  sha256: string;
  /** The object's first bytes, for magic-number checks. */
  head: Buffer;
  /** The version read, on a versioned bucket. */
  versionId: string | null;
}

export interface DownloadOptions {
  /** The version verified at completion: an object overwritten since is never served in its place. */
  versionId?: string | null;
  fileName: string;
  contentType: string;
  disposition: 'attachment' | 'inline';
  expiresIn?: number;
}

const CHECKSUM_HEADERS = new Set(['x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm']);

/** Raised when the S3-compatible server does not implement an operation (plain s3rver: ListParts, Abort). */
export class StorageOperationUnsupported extends Error {}

/**
 * The storage no longer knows a multipart upload (NoSuchUpload): it was completed, aborted, or
 * removed by a lifecycle rule such as AbortIncompleteMultipartUpload. It cannot be resumed.
 */
export class StorageUploadGone extends ConflictError {
  constructor() {
    super('The storage no longer holds this upload (aborted or expired); start a new revision');
  }
}

/**
 * The one S3 client of the process. Objects are immutable: callers pass fresh keys and nothing is
 * ever overwritten. Bytes of uploads never pass through this process except when verifying them,
 * which streams the stored object once in constant memory.
 */
@Injectable()
export class StorageService {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.bucket = config.s3.bucket;
    this.client = new S3Client({
      region: config.s3.region,
      endpoint: config.s3.endpoint,
      forcePathStyle: config.s3.forcePathStyle,
      credentials: { accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey },
      // The SDK's default checksums corrupt streamed bodies on some S3-compatible servers and put
      // an empty-body CRC into presigned URLs (contracts/s3.md §1).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Throws unless the bucket exists and our credentials reach it within `timeoutMs`. */
  async ping(timeoutMs = 3000): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
  }

  /**
   * Starts a multipart upload of `key` and returns its upload id. With `sha256Parts` every part must
   * carry its SHA-256 (S3 then keeps a composite SHA-256 of the object).
   */
  async startMultipartUpload(key: string, contentType: string, sha256Parts = false): Promise<string> {
    const out = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: contentType,
        ...(sha256Parts ? { ChecksumAlgorithm: 'SHA256' as const } : {}),
      }),
    );
    if (!out.UploadId) throw new Error(`Storage returned no upload id for ${key}`);
    return out.UploadId;
  }

  /**
   * Presigned UploadPart URLs for the given part numbers of `plan`. Each URL is bound to this key,
   * upload id and part number, and signs the part's exact length so AWS refuses other sizes. With
   * `checksums` (base64 SHA-256 per part, index = part number - 1) the part's checksum is a signed
   * header too: the PUT must send it, and the storage refuses bytes that do not match it (BadDigest).
   */
  async presignUploadParts(
    key: string,
    uploadId: string,
    plan: MultipartPlan,
    partNumbers: number[] = plan.partNumbers(),
    checksums: readonly string[] | null = null,
    expiresIn = PART_URL_TTL_SECONDS,
  ): Promise<PartUrl[]> {
    return Promise.all(
      partNumbers.map(async (partNumber) => {
        const size = plan.sizeOfPart(partNumber);
        const checksum = checksums?.[partNumber - 1];
        const url = await getSignedUrl(
          this.client,
          new UploadPartCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            ContentLength: size,
            ...(checksum ? { ChecksumAlgorithm: 'SHA256' as const, ChecksumSHA256: checksum } : {}),
          }),
          // Header form rather than the query: AWS is documented to validate the header (contract §4).
          { expiresIn, unhoistableHeaders: checksum ? CHECKSUM_HEADERS : undefined },
        );
        const headers: Record<string, string> = checksum
          ? { 'x-amz-checksum-sha256': checksum, 'x-amz-sdk-checksum-algorithm': 'SHA256' }
          : {};
        return { partNumber, size, url, headers };
      }),
    );
  }

  /**
   * Parts the store already holds, so a client can resume by uploading only the rest.
   * Throws StorageOperationUnsupported on servers without ListParts, StorageUploadGone (409) when
   * the store no longer knows the upload.
   */
  async listUploadedParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    do {
      const page: ListPartsCommandOutput = await this.unsupportedAware(() =>
        this.client.send(
          new ListPartsCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumberMarker: marker,
          }),
        ),
      ).catch((error: unknown) => {
        throw isNoSuchUpload(error) ? new StorageUploadGone() : error;
      });
      for (const part of page.Parts ?? []) {
        if (part.PartNumber && part.ETag)
          parts.push({ partNumber: part.PartNumber, etag: part.ETag, size: part.Size });
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
    return parts;
  }

  /**
   * Assembles the parts. Parts given with `checksumSHA256` are checked by the storage against what it
   * stored (InvalidPart otherwise). Returns the new object's VersionId on a versioned bucket and the
   * composite checksum when the storage reports one.
   */
  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: UploadedPart[],
  ): Promise<CompletedUpload> {
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    const out = await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: sorted.map((p) => ({
            PartNumber: p.partNumber,
            ETag: p.etag,
            ...(p.checksumSHA256 ? { ChecksumSHA256: p.checksumSHA256 } : {}),
          })),
        },
      }),
    );
    return { versionId: out?.VersionId ?? null, checksumSHA256: out?.ChecksumSHA256 ?? null };
  }

  /** The first `bytes` of an object by a ranged GET, and the whole object's size. */
  async readHead(key: string, bytes = 64 * 1024): Promise<ObjectHead> {
    const out = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }),
    );
    if (!(out.Body instanceof Readable)) throw new Error('Storage returned a non-stream body');
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of out.Body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      // A server that ignores Range sends everything: stop reading once the head is there.
      if (length >= bytes) break;
    }
    out.Body.destroy();
    const head = Buffer.concat(chunks, length).subarray(0, bytes);
    const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1];
    return {
      head,
      size: total !== undefined ? Number(total) : (out.ContentLength ?? length),
      versionId: out.VersionId ?? null,
    };
  }

  /**
   * Frees the parts of an unfinished upload; one the store no longer knows is freed already.
   * Throws StorageOperationUnsupported on servers without AbortMultipartUpload.
   */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    await this.unsupportedAware(() =>
      this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
      ),
    ).catch((error: unknown) => {
      if (!isNoSuchUpload(error)) throw error;
    });
  }

  /**
   * Size, SHA-256 and first bytes of a stored object, read by streaming it once; `observe` sees
   * every chunk on the way (the content checks).
   */
  async digestObject(
    key: string,
    observe?: (chunk: Buffer) => void,
    headBytes = 64 * 1024,
  ): Promise<ObjectDigest> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!(out.Body instanceof Readable)) throw new Error('Storage returned a non-stream body');
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    for await (const chunk of out.Body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      observe?.(chunk);
      size += chunk.length;
      if (headLength < headBytes) {
        const slice = chunk.subarray(0, headBytes - headLength);
        head.push(Buffer.from(slice));
        headLength += slice.length;
      }
    }
    return { size, sha256: hash.digest('hex'), head: Buffer.concat(head), versionId: out.VersionId ?? null };
  }

  /** The stored bytes as a stream, of `versionId` when given (what the malware scanner reads). */
  async readObject(key: string, versionId?: string | null): Promise<AsyncIterable<Buffer>> {
    const out = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId ?? undefined }),
    );
    if (!(out.Body instanceof Readable)) throw new Error('Storage returned a non-stream body');
    return out.Body as AsyncIterable<Buffer>;
  }

  /** True when `key` exists. */
  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
      throw error;
    }
  }

  /**
   * A short-lived GET URL. The store answers with our content type and a Content-Disposition
   * carrying an RFC 5987 file name, whatever was sent at upload time.
   */
  async presignDownload(key: string, options: DownloadOptions): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        VersionId: options.versionId ?? undefined,
        ResponseContentDisposition: contentDisposition(options.disposition, options.fileName),
        ResponseContentType: options.contentType,
        ResponseCacheControl: 'private, no-store',
      }),
      { expiresIn: Math.min(options.expiresIn ?? DOWNLOAD_URL_TTL_SECONDS, DOWNLOAD_URL_TTL_SECONDS) },
    );
  }

  async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  private async unsupportedAware<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (
        error instanceof S3ServiceException &&
        ['MethodNotAllowed', 'NotImplemented'].includes(error.name)
      ) {
        throw new StorageOperationUnsupported(error.message || error.name);
      }
      throw error;
    }
  }
}

function isNoSuchUpload(error: unknown): boolean {
  return error instanceof S3ServiceException && error.name === 'NoSuchUpload';
}
