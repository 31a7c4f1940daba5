import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Workspace } from '../../workspaces';

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const DEFECT_SYNC_STATES = ['pending', 'delivered', 'failed'] as const;
export type DefectSyncState = (typeof DEFECT_SYNC_STATES)[number];

/** A supplier's defect report; becomes exactly one Jira issue (docs/architecture.md). */
@Entity('defect')
export class Defect {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  /** Joined for the authorization rules, which are written against `workspace.<property>`. */
  @ManyToOne(() => Workspace, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId: string | null;

  @Column({ name: 'file_revision_id', type: 'uuid', nullable: true })
  fileRevisionId: string | null;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'steps_to_reproduce', type: 'text', nullable: true })
  stepsToReproduce: string | null;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  /** File revisions uploaded as the report's attachments; each goes to the Jira issue as an attachment. */
  @Column({ name: 'attachment_revision_ids', type: 'uuid', array: true, default: () => "'{}'" })
  attachmentRevisionIds: string[];

  @Column({ name: 'reported_by', type: 'uuid' })
  reportedBy: string;

  @Column({ name: 'reporter_org_id', type: 'uuid' })
  reporterOrgId: string;

  @Column({ name: 'jira_key', type: 'varchar', length: 64, nullable: true })
  jiraKey: string | null;

  @Column({ name: 'jira_issue_id', type: 'varchar', length: 32, nullable: true })
  jiraIssueId: string | null;

  /** Set before the first create call: a later attempt must look for the issue before creating again. */
  @Column({ name: 'jira_create_attempted_at', type: 'timestamptz', nullable: true })
  jiraCreateAttemptedAt: Date | null;

  /** The Jira status name; internal only. */
  @Column({ name: 'external_status', type: 'varchar', length: 100, nullable: true })
  externalStatus: string | null;

  /** What the supplier sees, through the workspace status map. */
  @Column({ name: 'supplier_status', type: 'varchar', length: 100, default: 'Reported' })
  supplierStatus: string;

  @Column({ name: 'sync_state', type: 'varchar', length: 16, default: 'pending' })
  syncState: DefectSyncState;

  @Column({ name: 'sync_error', type: 'text', nullable: true })
  syncError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
