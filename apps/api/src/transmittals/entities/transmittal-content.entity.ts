import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ContentKind = 'item_version' | 'file_revision';

/** One document of a transmittal at a fixed revision: a published item version or an available file revision. */
@Entity('transmittal_content')
export class TransmittalContent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'transmittal_id', type: 'uuid' })
  transmittalId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  kind: ContentKind;

  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId: string | null;

  @Column({ type: 'int', nullable: true })
  version: number | null;

  @Column({ name: 'file_id', type: 'uuid', nullable: true })
  fileId: string | null;

  @Column({ name: 'revision_seq', type: 'int', nullable: true })
  revisionSeq: number | null;

  @Column({ name: 'revision_label', type: 'varchar', length: 20, nullable: true })
  revisionLabel: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 400, nullable: true })
  fileName: string | null;

  @Column({ type: 'text' })
  title: string;

  /** Internal only: the Jira issue of an item version. */
  @Column({ name: 'jira_key', type: 'varchar', length: 255, nullable: true })
  jiraKey: string | null;
}
