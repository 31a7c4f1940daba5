import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Workspace } from '../../workspaces/entities/workspace.entity';

export const TRANSMITTAL_PURPOSES = [
  'for_information',
  'for_review',
  'for_approval',
  'for_manufacture',
] as const;
export type TransmittalPurpose = (typeof TRANSMITTAL_PURPOSES)[number];
export const TRANSMITTAL_STATUSES = ['draft', 'issued', 'responded', 'superseded'] as const;
export type TransmittalStatus = (typeof TRANSMITTAL_STATUSES)[number];
/** Purposes that ask the supplier for a coded response; the others ask for an acknowledgement. */
export const RESPONSE_PURPOSES: ReadonlySet<TransmittalPurpose> = new Set(['for_review', 'for_approval']);

/**
 * A numbered package of item versions and file revisions issued to a workspace's supplier. A draft is
 * editable; issuing freezes it. Deleting a draft keeps its number (deleted_at), so numbers never repeat.
 */
@Entity('transmittal')
export class Transmittal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => Workspace, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  number: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'varchar', length: 32 })
  purpose: TransmittalPurpose;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: TransmittalStatus;

  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true })
  supersedesId: string | null;

  @Column({ name: 'superseded_by_id', type: 'uuid', nullable: true })
  supersededById: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'issued_by', type: 'uuid', nullable: true })
  issuedBy: string | null;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ name: 'responded_by', type: 'uuid', nullable: true })
  respondedBy: string | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** Set in the transaction that announces `transmittal.due_soon`, so it is announced once. */
  @Column({ name: 'due_soon_announced_at', type: 'timestamptz', nullable: true })
  dueSoonAnnouncedAt: Date | null;
}
