import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '@portico/auth';
import { LimitExceededError } from '../common';
import { APP_CONFIG, type AppConfig } from '../config';

export interface StorageUsage {
  /** Bytes of the organisation's uploading, available and superseded revisions. */
  usedBytes: number;
  /** 0 = no quota. */
  quotaBytes: number;
  /** Uploads members of the organisation started and have not completed or cancelled. */
  openUploads: number;
  maxOpenUploadsPerUser: number;
}

/**
 * The per-user cap on open uploads and the per-organisation storage quota, checked when an upload
 * starts, before any URL is issued. An upload counts with its declared size from its start: completing
 * it must not be what breaks the quota. Rejected revisions (their objects deleted) do not count.
 */
@Injectable()
export class UploadQuota {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Refuses a new upload of `size` bytes when the user has too many open or the organisation would go
   * over its quota. Call inside the transaction that creates the revision: the advisory lock makes
   * concurrent starts in one organisation (on any API process) take turns until it commits.
   */
  async assertRoomFor(manager: EntityManager, user: AuthUser, size: number): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('upload-quota:' || $1, 0))`, [
      user.orgId,
    ]);
    const { openUploads, usedBytes } = await this.count(manager, user.orgId, user.id);
    const { maxOpenUploadsPerUser, orgQuotaBytes } = this.config.files;
    if (openUploads >= maxOpenUploadsPerUser)
      throw new LimitExceededError(
        429,
        `You have ${openUploads} uploads open, the most allowed; complete or cancel one first`,
        { name: 'FILES_MAX_OPEN_UPLOADS_PER_USER', value: maxOpenUploadsPerUser },
      );
    if (orgQuotaBytes > 0 && usedBytes + size > orgQuotaBytes)
      throw new LimitExceededError(
        422,
        `Your organisation's storage quota is ${orgQuotaBytes} bytes and ${usedBytes} are in use; ` +
          `this upload of ${size} bytes does not fit`,
        { name: 'FILES_ORG_QUOTA_BYTES', value: orgQuotaBytes },
      );
  }

  async usage(orgId: string): Promise<StorageUsage> {
    const { openUploads, usedBytes } = await this.count(this.dataSource.manager, orgId);
    return {
      usedBytes,
      quotaBytes: this.config.files.orgQuotaBytes,
      openUploads,
      maxOpenUploadsPerUser: this.config.files.maxOpenUploadsPerUser,
    };
  }

  /** One pass over the organisation's revisions; `userId` narrows the open-upload count to one user. */
  private async count(
    manager: EntityManager,
    orgId: string,
    userId?: string,
  ): Promise<{ openUploads: number; usedBytes: number }> {
    const [row]: { open_uploads: number; used_bytes: string }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE state = 'uploading' AND ($2::uuid IS NULL OR uploaded_by = $2))::int AS open_uploads,
              COALESCE(sum(size) FILTER (WHERE state <> 'rejected'), 0)::text AS used_bytes
         FROM file_revision
        WHERE uploader_org_id = $1`,
      [orgId, userId ?? null],
    );
    return { openUploads: row.open_uploads, usedBytes: Number(row.used_bytes) };
  }
}
