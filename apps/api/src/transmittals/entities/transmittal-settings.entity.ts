import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ReviewCode {
  code: string;
  label: string;
}

/** A workspace's transmittal settings; a workspace without a row uses the defaults. */
@Entity('transmittal_settings')
export class TransmittalSettings {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  /** The prefix of numbers (`<code>-T-0001`); null: derived from the workspace. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  code: string | null;

  @Column({ name: 'purpose_labels', type: 'jsonb', default: () => "'{}'" })
  purposeLabels: Record<string, string>;

  /** Null: the defaults A–D. */
  @Column({ name: 'review_codes', type: 'jsonb', nullable: true })
  reviewCodes: ReviewCode[] | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
