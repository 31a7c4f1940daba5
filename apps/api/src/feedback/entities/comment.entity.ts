import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Workspace } from '../../workspaces/entities/workspace.entity';

export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
/** `none`: nothing to deliver (internal authors, Feishu items); the others track the Jira comment. */
export const COMMENT_SYNC_STATES = ['none', 'pending', 'delivered', 'failed'] as const;
export type CommentSyncState = (typeof COMMENT_SYNC_STATES)[number];

/** A comment on a shared item or on a defect (exactly one of the two). */
@Entity('comment')
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
