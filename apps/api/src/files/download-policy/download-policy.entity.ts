import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const DOWNLOAD_MODES = ['original', 'watermarked', 'view_only'] as const;
/** original: the stored bytes; watermarked: a stamped PDF copy; view_only: preview (stamped) only. */
export type DownloadMode = (typeof DOWNLOAD_MODES)[number];
export const FILE_CATEGORIES = ['drawings', 'attachments'] as const;
/** attachments: defect report attachments and Jira attachments of shared items; drawings: every other file. */
export type FileCategory = (typeof FILE_CATEGORIES)[number];

/** How a workspace's files may leave Portico for supplier users; no row means `original` for both. */
@Entity('file_download_policy')
export class FileDownloadPolicy {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'varchar', default: 'original' })
  drawings: DownloadMode;

  @Column({ type: 'varchar', default: 'original' })
  attachments: DownloadMode;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const DEFAULT_DOWNLOAD_POLICY: Record<FileCategory, DownloadMode> = {
  drawings: 'original',
  attachments: 'original',
};
