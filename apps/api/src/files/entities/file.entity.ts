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

/** A document (drawing) in a workspace; its content lives in numbered revisions (docs/architecture.md). */
@Entity('file')
export class FileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  /** Joined for the authorization rules, which are written against `workspace.<property>`. */
  @ManyToOne(() => Workspace, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @Column({ name: 'document_number', type: 'varchar', length: 100 })
  documentNumber: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'linked_item_id', type: 'uuid', nullable: true })
  linkedItemId: string | null;

  /** Seq of the revision that is `available`, null until the first upload completes. */
  @Column({ name: 'current_revision', type: 'integer', nullable: true })
  currentRevision: number | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
