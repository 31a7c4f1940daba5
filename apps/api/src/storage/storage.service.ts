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
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size?: number;
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

  /** Starts a multipart upload of `key` and returns its upload id. */
  async startMultipartUpload(key: string, contentType: string): Promise<string> {
    const out = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
    );
    if (!out.UploadId) throw new Error(`Storage returned no upload id for ${key}`);
    return out.UploadId;
  }

  /**
   * Presigned UploadPart URLs for the given part numbers of `plan`. Each URL is bound to this key,
   * upload id and part number, and signs the part's exact length so AWS refuses other sizes.
   */
  async presignUploadParts(
    key: string,
    uploadId: string,
    plan: MultipartPlan,
    partNumbers: number[] = plan.partNumbers(),
    expiresIn = PART_URL_TTL_SECONDS,
  ): Promise<PartUrl[]> {
    return Promise.all(
      partNumbers.map(async (partNumber) => {
        const size = plan.sizeOfPart(partNumber);
        const url = await getSignedUrl(
          this.client,
          new UploadPartCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            ContentLength: size,
          }),
          { expiresIn },
        );
        return { partNumber, size, url };
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

  /** Assembles the parts; returns the new object's VersionId on a versioned bucket. */
  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: UploadedPart[],
  ): Promise<string | null> {
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    const out = await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: sorted.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
    return out?.VersionId ?? null;
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
