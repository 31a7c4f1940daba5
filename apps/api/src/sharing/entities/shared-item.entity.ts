import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RedactionRuleInput } from '../../workspaces';
import type { ItemSnapshot } from '../projection/snapshot';

export type SourceType = 'jira_issue' | 'feishu_doc';
export const SOURCE_TYPES: readonly SourceType[] = ['jira_issue', 'feishu_doc'];
export type ItemFlag = 'source_deleted' | 'out_of_scope' | 'source_unavailable';

/**
 * A Jira issue or Feishu document shared into a workspace. `latest_*` mirror the newest version so the
 * supplier list is one indexed query; drafts, source refs and rules are internal only.
 */
@Entity('shared_item')
export class SharedItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'source_type', type: 'varchar', length: 16 })
  sourceType: SourceType;

  @Column({ name: 'source_ref', type: 'varchar', length: 255 })
  sourceRef: string;

  @Column({ name: 'field_allowlist', type: 'text', array: true, default: () => "'{}'" })
  fieldAllowlist: string[];

  @Column({ name: 'redaction_rules', type: 'jsonb', default: () => "'[]'" })
  redactionRules: RedactionRuleInput[];

  @Column({ name: 'latest_version', type: 'int', default: 0 })
  latestVersion: number;

  @Column({ name: 'latest_title', type: 'text', nullable: true })
  latestTitle: string | null;

  @Column({ name: 'latest_status', type: 'varchar', length: 100, nullable: true })
  latestStatus: string | null;

  /** The latest version's shared due date and priority (null when not shared), for list sorting and filters. */
  @Column({ name: 'latest_due_date', type: 'date', nullable: true })
  latestDueDate: string | null;

  @Column({ name: 'latest_priority', type: 'varchar', length: 100, nullable: true })
  latestPriority: string | null;

  /** The latest version's source was finished (Jira status category Done): never overdue. */
  @Column({ name: 'latest_done', type: 'boolean', default: false })
  latestDone: boolean;

  @Column({ name: 'last_published_at', type: 'timestamptz', nullable: true })
  lastPublishedAt: Date | null;

  @Column({ name: 'source_revision', type: 'varchar', length: 100, nullable: true })
  sourceRevision: string | null;

  /** Jira items: the Jira status the source was last read in; entering another one is announced. */
  @Column({ name: 'source_status', type: 'varchar', length: 255, nullable: true })
  sourceStatus: string | null;

  @Column({ type: 'jsonb', nullable: true })
  draft: ItemSnapshot | null;

  @Column({ name: 'draft_source_revision', type: 'varchar', length: 100, nullable: true })
  draftSourceRevision: string | null;

  @Column({ name: 'draft_updated_at', type: 'timestamptz', nullable: true })
  draftUpdatedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  flag: ItemFlag | null;

  @Column({ name: 'flagged_at', type: 'timestamptz', nullable: true })
  flaggedAt: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
