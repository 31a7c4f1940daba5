import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const PDF_ACTIVE_CONTENT_POLICIES = ['refuse', 'mark'] as const;
export type PdfActiveContentPolicy = (typeof PDF_ACTIVE_CONTENT_POLICIES)[number];
export const PDF_EMBEDDED_FILE_POLICIES = ['warn', 'refuse'] as const;
export type PdfEmbeddedFilePolicy = (typeof PDF_EMBEDDED_FILE_POLICIES)[number];

/** A workspace's choices for uploads with active content; no row means the defaults. */
@Entity('file_safety_policy')
export class FileSafetyPolicy {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  /** JavaScript, Launch, RichMedia, XFA or an unreadable object stream in a PDF. */
  @Column({ name: 'pdf_active_content', type: 'varchar', default: 'refuse' })
  pdfActiveContent: PdfActiveContentPolicy;

  @Column({ name: 'pdf_embedded_files', type: 'varchar', default: 'warn' })
  pdfEmbeddedFiles: PdfEmbeddedFilePolicy;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const DEFAULT_FILE_SAFETY_POLICY = {
  pdfActiveContent: 'refuse',
  pdfEmbeddedFiles: 'warn',
} as const satisfies Pick<FileSafetyPolicy, 'pdfActiveContent' | 'pdfEmbeddedFiles'>;
