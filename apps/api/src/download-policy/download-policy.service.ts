import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { DataSource, Repository } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError } from '../common';
import { OrganizationsService } from '../organizations';
import { StorageService } from '../storage';
import {
  DEFAULT_DOWNLOAD_POLICY,
  DownloadMode,
  FileCategory,
  FileDownloadPolicy,
} from './download-policy.entity';
import { DEFECT_ATTACHMENTS, type DefectAttachments } from './defect-attachments';
import { stampImage } from './image-stamp';
import { StampedCopy, stampPdf } from './pdf-stamp';
import { StampFacts, stampLabel, StampSubject, StampUnsupported } from './stamp-text';
import { Slots } from './slots';
import { WatermarkedCopy } from './watermarked-copy.entity';

/** A stamped copy is reused for an hour; the time in its stamp is when it was made. */
export const WATERMARK_COPY_TTL_MS = 60 * 60 * 1000;
/** A copy is handed out only while it outlives the 5-minute download URL by this margin. */
const URL_MARGIN_MS = 6 * 60 * 1000;
/** Stamping holds the file in memory (docs/performance.md); larger files are not offered watermarked. */
export const WATERMARK_MAX_BYTES = 512 * 1024 * 1024;
const STAMPS_AT_ONCE = 2;

/** 403 naming the policy that refused: `policy` is the mode, `category` the file category. */
export class DownloadPolicyError extends ForbiddenError {
  override readonly extensions: Record<string, unknown>;
  constructor(message: string, policy: DownloadMode, category: FileCategory) {
    super(message);
    this.extensions = { policy, category };
  }
}

/** The revision facts the policy needs (a FileRevision joined with its file). */
export interface PolicyRevision {
  id: string;
  seq: number;
  label: string | null;
  objectKey: string;
  versionId: string | null;
  size: number;
  sha256: string;
  originalName: string;
  file: { id: string; workspaceId: string; documentNumber: string };
}

/** What to serve instead of the original, and what the download's audit event adds. */
export interface ServedCopy {
  objectKey: string;
  fileName: string;
  contentType: string;
  audit: Record<string, unknown>;
}

const STAMPABLE: Record<string, 'pdf' | 'png' | 'jpeg'> = {
  pdf: 'pdf',
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
};

export function stampKindOf(fileName: string): 'pdf' | 'png' | 'jpeg' | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : STAMPABLE[fileName.slice(dot + 1).toLowerCase()];
}

const CONTENT_TYPES = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' } as const;

/** The stamped copy keeps its format (a PNG stays a PNG) and so its name; this is its content type. */
export function stampedContentType(fileName: string): string {
  return CONTENT_TYPES[stampKindOf(fileName) ?? 'pdf'];
}

/** What a transmittal may list: a file revision, or a published version of a shared item. */
export type TransmittalDocument = { fileId: string; seq: number } | { itemId: string; version: number };

/**
 * Resolves `?transmittal=<id>` on a download: the transmittal's number when the caller can see it and it
 * lists this document at this revision, else null. The transmittals module provides it (it depends on
 * files and sharing, so neither they nor this module can ask it directly).
 */
export type TransmittalLookup = (
  user: AuthUser,
  transmittalId: string,
  document: TransmittalDocument,
) => Promise<string | null>;

/**
 * Which bytes a user may take out of a workspace (docs/file-safety.md, "Watermarks and view-only").
 * Internal users always get originals: the policy guards what leaves the buying organisation.
 */
@Injectable()
export class DownloadPolicyService {
  private readonly logger = new Logger(DownloadPolicyService.name);
  /** Each stamp holds its file in memory (docs/performance.md): at most two per process at once. */
  private readonly slots = new Slots(STAMPS_AT_ONCE);
  private transmittalLookup: TransmittalLookup = () => Promise.resolve(null);

  constructor(
    @InjectRepository(FileDownloadPolicy) private readonly policies: Repository<FileDownloadPolicy>,
    @InjectRepository(WatermarkedCopy) private readonly copies: Repository<WatermarkedCopy>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly organizations: OrganizationsService,
    @Inject(DEFECT_ATTACHMENTS) private readonly defectAttachments: DefectAttachments,
  ) {}

  /** Called once by the transmittals module. */
  useTransmittals(lookup: TransmittalLookup): void {
    this.transmittalLookup = lookup;
  }

  async policyFor(workspaceId: string): Promise<Record<FileCategory, DownloadMode>> {
    const row = await this.policies.findOneBy({ workspaceId });
    return row ? { drawings: row.drawings, attachments: row.attachments } : { ...DEFAULT_DOWNLOAD_POLICY };
  }

  async save(workspaceId: string, policy: Record<FileCategory, DownloadMode>, userId: string): Promise<void> {
    await this.policies.upsert({ workspaceId, ...policy, updatedBy: userId }, ['workspaceId']);
  }

  /** The mode that applies to this user: suppliers get the workspace's, internal users `original`. */
  async modeFor(user: AuthUser, workspaceId: string, category: FileCategory): Promise<DownloadMode> {
    if (user.orgKind !== 'supplier') return 'original';
    return (await this.policyFor(workspaceId))[category];
  }

  /**
   * A file is an attachment when it was uploaded for a defect report (`ATT-…` document number, or a
   * revision any defect lists); every other file is a drawing.
   */
  async categoryOf(file: { id: string; documentNumber: string }): Promise<FileCategory> {
    if (file.documentNumber.toUpperCase().startsWith('ATT-')) return 'attachments';
    return (await this.defectAttachments.isDefectAttachment(file.id)) ? 'attachments' : 'drawings';
  }

  /**
   * The download hook of the files module: null to serve the original, else the stamped copy to serve.
   * View-only refuses `attachment` (403 naming the policy) and serves previews from the stamped copy.
   * `transmittalId`: the bytes are handed out as part of that transmittal, whose number the stamp shows.
   */
  async servedCopy(
    user: AuthUser,
    revision: PolicyRevision,
    disposition: 'attachment' | 'inline',
    transmittalId?: string,
  ): Promise<ServedCopy | null> {
    const transmittal = transmittalId
      ? await this.transmittalNumber(user, transmittalId, { fileId: revision.file.id, seq: revision.seq })
      : null;
    if (user.orgKind !== 'supplier') return null;
    const category = await this.categoryOf(revision.file);
    const mode = await this.modeFor(user, revision.file.workspaceId, category);
    if (mode === 'original') return null;
    if (mode === 'view_only' && disposition === 'attachment') {
      throw new DownloadPolicyError(
        `This workspace's ${category} are view_only: preview them (disposition=inline); they cannot be downloaded`,
        mode,
        category,
      );
    }
    const copy = await this.copyFor(user, revision, mode, category, transmittal);
    return {
      objectKey: copy.objectKey,
      fileName: revision.originalName,
      contentType: stampedContentType(revision.originalName),
      audit: {
        policy: mode,
        category,
        ...(transmittal ? { transmittal } : {}),
        stampLabel: copy.label,
        originalSha256: revision.sha256,
        watermarkedSha256: copy.sha256,
        watermarkedSize: copy.size,
        stampedAt: copy.stampedAt.toISOString(),
      },
    };
  }

  /** The number of a transmittal the caller can see that lists `document`; 400 naming `transmittal` if none. */
  async transmittalNumber(
    user: AuthUser,
    transmittalId: string,
    document: TransmittalDocument,
  ): Promise<string> {
    const number = await this.transmittalLookup(user, transmittalId, document);
    if (!number) {
      const what = 'fileId' in document ? 'this revision' : 'this version of the item';
      throw new BadInputError('Unknown transmittal', [
        { field: 'transmittal', message: `is not a transmittal you can see that lists ${what}` },
      ]);
    }
    return number;
  }

  /** Stamps bytes that did not come from storage (a Jira attachment), for `user`. */
  async stampBytes(
    user: AuthUser,
    bytes: Uint8Array,
    fileName: string,
    subject: StampSubject,
    mode: DownloadMode,
    category: FileCategory,
  ): Promise<StampedCopy & { stampedAt: Date }> {
    const kind = this.requireStampable(fileName, bytes.length, mode, category);
    const at = new Date();
    const facts = await this.factsFor(user, subject, at);
    return {
      ...(await this.slots.run(() => this.stamp(kind, bytes, facts, mode, category))),
      stampedAt: at,
    };
  }

  /** Throws the policy's 403 unless a file of this name (and size, when known) can be delivered in `mode`. */
  assertDeliverable(fileName: string, mode: DownloadMode, category: FileCategory, size: number | null): void {
    if (mode === 'original') return;
    if (mode === 'view_only') {
      throw new DownloadPolicyError(
        `This workspace's ${category} are view_only: they cannot be downloaded`,
        mode,
        category,
      );
    }
    this.requireStampable(fileName, size, mode, category);
  }

  private requireStampable(
    fileName: string,
    size: number | null,
    mode: DownloadMode,
    category: FileCategory,
  ): 'pdf' | 'png' | 'jpeg' {
    const kind = stampKindOf(fileName);
    if (!kind) {
      throw new DownloadPolicyError(
        `This workspace's ${category} are ${mode}: only PDF and PNG/JPEG files can be watermarked, so this file is not offered to suppliers`,
        mode,
        category,
      );
    }
    if (size !== null && size > WATERMARK_MAX_BYTES) {
      throw new DownloadPolicyError(
        `This workspace's ${category} are ${mode}: files over ${WATERMARK_MAX_BYTES} bytes are not watermarked, so this file is not offered to suppliers`,
        mode,
        category,
      );
    }
    return kind;
  }

  private async stamp(
    kind: 'pdf' | 'png' | 'jpeg',
    bytes: Uint8Array,
    facts: StampFacts,
    mode: DownloadMode,
    category: FileCategory,
  ): Promise<StampedCopy> {
    try {
      // A view-only preview of an image too large to stamp at full size is scaled down; a download is not.
      return kind === 'pdf'
        ? await stampPdf(bytes, facts)
        : await stampImage(bytes, kind, facts, { fit: mode === 'view_only' });
    } catch (error) {
      if (!(error instanceof StampUnsupported)) throw error;
      throw new DownloadPolicyError(
        `This workspace's ${category} are ${mode} and this file cannot be watermarked (${(error as Error).message}), so it is not offered to suppliers`,
        mode,
        category,
      );
    }
  }

  private async factsFor(user: AuthUser, subject: StampSubject, at: Date): Promise<StampFacts> {
    // The caller's own organisation, which an API token's scopes may not let it read through the API.
    const org = await this.organizations.findById(user.orgId);
    return { organisation: org?.name ?? user.orgId, email: user.email, at, ...subject };
  }

  /**
   * The user's live stamped copy of the revision with this label (`Rev C`, or `ACME-T-0001 · Rev C` inside
   * a transmittal) for this mode, made (and stored) when there is none.
   */
  private async copyFor(
    user: AuthUser,
    revision: PolicyRevision,
    mode: DownloadMode,
    category: FileCategory,
    transmittal: string | null,
  ): Promise<WatermarkedCopy> {
    const subject = {
      documentNumber: revision.file.documentNumber,
      revisionLabel: revision.label ?? String(revision.seq),
      transmittal,
    };
    const key = { revisionId: revision.id, userId: user.id, mode, label: stampLabel(subject) };
    const live = await this.copies
      .createQueryBuilder('copy')
      .where('copy.revision_id = :revisionId AND copy.user_id = :userId', key)
      .andWhere('copy.mode = :mode AND copy.label = :label', key)
      .andWhere('copy.expires_at > :until', { until: new Date(Date.now() + URL_MARGIN_MS) })
      .getOne();
    if (live) return live;
    const kind = this.requireStampable(revision.originalName, revision.size, mode, category);
    return this.slots.run(async () => {
      const original = await this.readOriginal(revision);
      const at = new Date();
      const facts = await this.factsFor(user, subject, at);
      const stamped = await this.stamp(kind, original, facts, mode, category);
      const extension = kind === 'jpeg' ? 'jpg' : kind;
      const objectKey = `watermarked/${revision.id}/${user.id}/${randomUUID()}.${extension}`;
      await this.storage.client.send(
        new PutObjectCommand({
          Bucket: this.storage.bucket,
          Key: objectKey,
          Body: Readable.from(stamped.parts),
          ContentLength: stamped.size,
          ContentType: CONTENT_TYPES[kind],
        }),
      );
      return this.keep(key, objectKey, stamped, at);
    });
  }

  /** Records the copy; a concurrent request's live copy wins and ours is deleted again. */
  private async keep(
    key: { revisionId: string; userId: string; mode: DownloadMode; label: string },
    objectKey: string,
    stamped: StampedCopy,
    at: Date,
  ): Promise<WatermarkedCopy> {
    const stale = (await this.dataSource.query(
      `DELETE FROM "watermarked_copy"
        WHERE "revision_id" = $1 AND "user_id" = $2 AND "mode" = $3 AND "label" = $4 AND "expires_at" <= $5
       RETURNING "object_key"`,
      [key.revisionId, key.userId, key.mode, key.label, new Date(Date.now() + URL_MARGIN_MS)],
    )) as [{ object_key: string }[], number];
    for (const row of stale[0] ?? []) await this.deleteQuietly(row.object_key);
    const inserted = await this.copies
      .createQueryBuilder()
      .insert()
      .values({
        ...key,
        objectKey,
        size: stamped.size,
        sha256: stamped.sha256,
        stampedAt: at,
        expiresAt: new Date(at.getTime() + WATERMARK_COPY_TTL_MS),
      })
      .orIgnore()
      .returning('*')
      .execute();
    if (inserted.raw.length) return this.copies.findOneByOrFail({ objectKey });
    await this.deleteQuietly(objectKey);
    const winner = await this.copies.findOneBy(key);
    if (!winner) throw new ConflictError('The watermarked copy is being made; try again');
    return winner;
  }

  /** The original, read once into one buffer of its known size and checked against its SHA-256. */
  private async readOriginal(revision: PolicyRevision): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(revision.size);
    const hash = createHash('sha256');
    let at = 0;
    for await (const chunk of await this.storage.readObject(revision.objectKey, revision.versionId)) {
      if (at + chunk.length > buffer.length)
        throw new Error(`Revision ${revision.id} is larger than recorded`);
      chunk.copy(buffer, at);
      hash.update(chunk);
      at += chunk.length;
    }
    if (at !== buffer.length || hash.digest('hex') !== revision.sha256) {
      throw new Error(`Revision ${revision.id} no longer matches its SHA-256`);
    }
    return buffer;
  }

  /** Deletes expired copies and their objects; returns how many. */
  async cleanupExpired(now = new Date(), batch = 200): Promise<number> {
    const [rows] = (await this.dataSource.query(
      `DELETE FROM "watermarked_copy" WHERE "id" IN (
         SELECT "id" FROM "watermarked_copy" WHERE "expires_at" <= $1 ORDER BY "expires_at" LIMIT $2
           FOR UPDATE SKIP LOCKED)
       RETURNING "object_key"`,
      [now, batch],
    )) as [{ object_key: string }[], number];
    for (const row of rows) await this.deleteQuietly(row.object_key);
    return rows.length;
  }

  private async deleteQuietly(key: string): Promise<void> {
    await this.storage.deleteObject(key).catch((error: Error) => {
      this.logger.warn(`Could not delete watermarked copy ${key}: ${error.message}`);
    });
  }
}
