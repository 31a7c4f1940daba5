import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FileEntity } from './file.entity';

export const REVISION_STATES = [
  'uploading',
  'verifying',
  'scanning',
  'available',
  'rejected',
  'superseded',
] as const;
export type RevisionState = (typeof REVISION_STATES)[number];
export const REVIEW_STATES = ['submitted', 'approved', 'changes_requested'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

// bigint comes back from pg as a string; sizes stay well inside Number's safe range (≤ 5 TiB).
const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** One immutable upload of a file, stored under its own object key (docs/architecture.md). */
@Entity('file_revision')
export class FileRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'file_id', type: 'uuid' })
  fileId: string;

  @ManyToOne(() => FileEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'file_id' })
  file?: FileEntity;

  @Column({ type: 'integer' })
  seq: number;

  /** A, B, C… (or the label asked for), assigned when the revision becomes available. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  label: string | null;

  @Column({ name: 'requested_label', type: 'varchar', length: 20, nullable: true })
  requestedLabel: string | null;

  @Column({ name: 'object_key', type: 'varchar', length: 512 })
  objectKey: string;

  /** The storage's multipart upload id while the upload is open; null once completed or given up. */
  @Column({ name: 'upload_id', type: 'varchar', length: 1024, nullable: true })
  uploadId: string | null;

  @Column({ name: 'part_size', type: 'bigint', transformer: bigintAsNumber })
  partSize: number;

  /** Declared by the uploader, verified against the stored object at completion. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size: number;

  /** Lower-case hex; declared by the uploader, verified against the stored object at completion. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  /**
   * Base64 SHA-256 of each part (index = part number - 1) when the uploader declared them: bound into
   * every part URL and sent to CompleteMultipartUpload, so the storage refuses bytes that differ.
   */
  @Column({ name: 'part_checksums', type: 'text', array: true, nullable: true })
  partChecksums: string[] | null;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  /** The sanitised file name the revision is downloaded under. */
  @Column({ name: 'original_name', type: 'varchar', length: 400 })
  originalName: string;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  /** The uploader's organisation: its admin may finish or abandon the upload too. */
  @Column({ name: 'uploader_org_id', type: 'uuid' })
  uploaderOrgId: string;

  @Column({ type: 'varchar', default: 'uploading' })
  state: RevisionState;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'review_state', type: 'varchar', default: 'submitted' })
  reviewState: ReviewState;

  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /**
   * The storage's VersionId of the bytes verified (null on unversioned buckets); while `verifying`,
   * the one CompleteMultipartUpload reported, which the verification must read.
   */
  @Column({ name: 'version_id', type: 'varchar', length: 1024, nullable: true })
  versionId: string | null;

  /** What the content checks let through but the PM should know (e.g. a PDF with embedded files). */
  @Column({ name: 'content_warnings', type: 'text', array: true, default: () => "'{}'" })
  contentWarnings: string[];

  /** A PDF with active content the workspace allowed: never offered for inline preview. */
  @Column({ name: 'active_content', type: 'boolean', default: false })
  activeContent: boolean;

  /** Malware scans tried while the revision waits in `scanning`, and the scanner's last error. */
  @Column({ name: 'scan_attempts', type: 'integer', default: 0 })
  scanAttempts: number;

  @Column({ name: 'scan_error', type: 'text', nullable: true })
  scanError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Rejected, and its object still to be deleted (storage was unreachable then); see the cleanup. */
  @Column({ name: 'object_delete_pending', type: 'boolean', default: false })
  objectDeletePending: boolean;
}
