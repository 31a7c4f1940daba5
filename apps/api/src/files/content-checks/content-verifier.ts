import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { StorageService } from '../../storage';
import { FileRevision } from '../entities/file-revision.entity';
import { contentMatchesExtension } from '../file-formats';
import { extensionOf } from '../file-name';
import { scanWithClamd, ScanVerdict } from './clamd-client';
import { ContentInspection } from './content-inspection';
import { DEFAULT_FILE_SAFETY_POLICY, FileSafetyPolicy } from './file-safety-policy.entity';
import { PdfFinding } from './pdf-active-content';

/** A few bytes of padding after an image's end marker are common; a hidden archive is not. */
export const IMAGE_TRAILING_TOLERANCE_BYTES = 16;

export type Verification =
  | { rejected: string }
  | { rejected: null; versionId: string | null; warnings: string[]; activeContent: boolean };

const ACTIVE: Partial<Record<PdfFinding, string>> = {
  javascript: 'JavaScript',
  launch: 'a Launch action (starts programs)',
  'rich-media': 'RichMedia (Flash/3D)',
  xfa: 'an XFA form (scripted)',
  uninspectable: 'an object stream that cannot be inspected (encrypted or an unusual filter)',
};

/**
 * Decides whether the bytes in storage are what the upload claimed and safe to hand out: size and
 * SHA-256, type by magic bytes, structure and content of the format (content-inspection.ts), the
 * workspace's policy on PDF active content, and — when CLAMAV_URL is set — a malware scan.
 */
@Injectable()
export class ContentVerifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: StorageService,
    @InjectRepository(FileSafetyPolicy) private readonly policies: Repository<FileSafetyPolicy>,
  ) {}

  /**
   * Reads the stored object once. Throws when it cannot be read; `completedVersionId` is what the
   * storage said it assembled, so an object replaced in between is caught.
   */
  async verify(
    revision: FileRevision,
    workspaceId: string,
    completedVersionId: string | null,
  ): Promise<Verification> {
    const extension = extensionOf(revision.originalName);
    const inspection = new ContentInspection(extension, {
      maxImagePixels: this.config.files.maxImagePixels,
      imageTrailingBytes: IMAGE_TRAILING_TOLERANCE_BYTES,
    });
    const digest = await this.storage.digestObject(revision.objectKey, (chunk) => inspection.feed(chunk));
    if (digest.size !== revision.size) {
      return { rejected: `The stored file has ${digest.size} bytes, not the declared ${revision.size}` };
    }
    if (digest.sha256 !== revision.sha256) {
      return {
        rejected: `The stored file's SHA-256 ${digest.sha256} differs from the declared ${revision.sha256}`,
      };
    }
    if (completedVersionId && digest.versionId && completedVersionId !== digest.versionId) {
      return { rejected: 'The stored file was replaced while it was being verified' };
    }
    if (!(await contentMatchesExtension(extension, digest.head, digest.size))) {
      return { rejected: `The content is not a .${extension} file` };
    }
    const result = inspection.end(digest.head, digest.size);
    if (result.problem) return { rejected: result.problem };
    const policy = await this.policyFor(workspaceId);
    const active = [...result.pdf].filter((f) => ACTIVE[f]).map((f) => ACTIVE[f]!);
    const onOpen = result.pdf.has('open-action') ? ', run on opening or on page events' : '';
    const warnings: string[] = [];
    if (active.length && policy.pdfActiveContent === 'refuse') {
      return {
        rejected: `The PDF contains active content (${active.join(', ')}${onOpen}), which this workspace does not accept`,
      };
    }
    if (active.length) {
      warnings.push(
        `The PDF contains active content (${active.join(', ')}); it is never previewed in the browser`,
      );
    }
    if (result.pdf.has('embedded-file')) {
      if (policy.pdfEmbeddedFiles === 'refuse') {
        return { rejected: 'The PDF carries embedded files, which this workspace does not accept' };
      }
      warnings.push('The PDF carries embedded files; they were not checked');
    }
    return { rejected: null, versionId: digest.versionId, warnings, activeContent: active.length > 0 };
  }

  get scanning(): boolean {
    return Boolean(this.config.files.clamavUrl);
  }

  /** Streams the verified object to clamd; throws ScannerUnavailable when no verdict could be had. */
  async scan(revision: FileRevision): Promise<ScanVerdict> {
    const body = await this.storage.readObject(revision.objectKey, revision.versionId);
    try {
      return await scanWithClamd(this.config.files.clamavUrl!, body, this.config.files.clamavTimeoutMs);
    } finally {
      // A scan that failed early leaves the storage response open; free its connection.
      (body as Readable).destroy();
    }
  }

  async policyFor(
    workspaceId: string,
  ): Promise<Pick<FileSafetyPolicy, 'pdfActiveContent' | 'pdfEmbeddedFiles'>> {
    return (await this.policies.findOneBy({ workspaceId })) ?? DEFAULT_FILE_SAFETY_POLICY;
  }
}
