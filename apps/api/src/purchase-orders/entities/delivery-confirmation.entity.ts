import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Workspace } from '../../workspaces';

export const CONFIRMATION_KINDS = ['confirm', 'propose'] as const;
export type ConfirmationKind = (typeof CONFIRMATION_KINDS)[number];
export const CONFIRMATION_STATES = ['pending', 'accepted', 'rejected'] as const;
export type ConfirmationState = (typeof CONFIRMATION_STATES)[number];
/**
 * What became of an accepted date in Kingdee: `queued` → `written` (Save on an order Kingdee lets change),
 * `buyer_to_change` (approved order: the buyer changes it in Kingdee) → `confirmed` once Kingdee shows it.
 */
export const WRITE_BACK_STATES = [
  'none',
  'queued',
  'written',
  'buyer_to_change',
  'confirmed',
  'failed',
] as const;
export type WriteBackState = (typeof WRITE_BACK_STATES)[number];

/** A supplier's answer to a line's delivery date: confirmed as it is, or another date proposed with a reason. */
@Entity('delivery_confirmation')
export class DeliveryConfirmation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => Workspace, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @Column({ name: 'line_id', type: 'uuid' })
  lineId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ConfirmationKind;

  /** The line's delivery date when the supplier answered. */
  @Column({ name: 'previous_date', type: 'date', nullable: true })
  previousDate: string | null;

  @Column({ name: 'proposed_date', type: 'date' })
  proposedDate: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state: ConfirmationState;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ name: 'write_back', type: 'varchar', length: 24, default: 'none' })
  writeBack: WriteBackState;

  @Column({ name: 'write_back_error', type: 'text', nullable: true })
  writeBackError: string | null;
}
