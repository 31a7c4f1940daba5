import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Workspace } from '../../workspaces';

export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
/** `none`: nothing to deliver (internal authors, Feishu items); the others track the Jira comment. */
export const COMMENT_SYNC_STATES = ['none', 'pending', 'delivered', 'failed'] as const;
export type CommentSyncState = (typeof COMMENT_SYNC_STATES)[number];

/** `portico`: written in Portico; `jira`: a Jira comment a PM made public in the item's thread. */
export const COMMENT_SOURCES = ['portico', 'jira'] as const;
export type CommentSource = (typeof COMMENT_SOURCES)[number];
/** Where a public copy of a Jira comment stands: shown, or hidden because Jira restricted or deleted it. */
export const JIRA_COPY_STATES = ['live', 'restricted', 'deleted'] as const;
export type JiraCopyState = (typeof JIRA_COPY_STATES)[number];

/** A comment on a shared item or on a defect (exactly one of the two). */
@Entity('comment')
// One public copy per Jira comment and item, however often it is published.
@Index('comment_jira_copy_uq', ['itemId', 'externalId'], { unique: true, where: `source = 'jira'` })
export class Comment {
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

  @Column({ name: 'defect_id', type: 'uuid', nullable: true })
  defectId: string | null;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ name: 'author_org_id', type: 'uuid' })
  authorOrgId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  visibility: Visibility;

  /** The Jira comment id once delivered. */
  @Column({ name: 'external_id', type: 'varchar', length: 64, nullable: true })
  externalId: string | null;

  @Column({ name: 'sync_state', type: 'varchar', length: 16 })
  syncState: CommentSyncState;

  @Column({ name: 'sync_error', type: 'text', nullable: true })
  syncError: string | null;

  /** Set before the Jira call: a later attempt looks for the comment before posting again. */
  @Column({ name: 'sync_attempted_at', type: 'timestamptz', nullable: true })
  syncAttemptedAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'portico' })
  source: CommentSource;

  /** Jira copies: the Jira author's display name (`authorId` is the PM who published it). */
  @Column({ name: 'jira_author_name', type: 'varchar', length: 255, nullable: true })
  jiraAuthorName: string | null;

  /** Jira copies: the body rendered from ADF, sanitised and redacted as shared descriptions are. */
  @Column({ name: 'body_html', type: 'text', nullable: true })
  bodyHtml: string | null;

  /** Jira copies: Jira's `updated` of the comment at the last refresh. */
  @Column({ name: 'jira_updated_at', type: 'timestamptz', nullable: true })
  jiraUpdatedAt: Date | null;

  /** Jira copies only; anything but `live` also turns `visibility` internal, out of suppliers' sight. */
  @Column({ name: 'jira_state', type: 'varchar', length: 16, nullable: true })
  jiraState: JiraCopyState | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
