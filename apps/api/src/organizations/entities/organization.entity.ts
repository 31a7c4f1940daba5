import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OrganizationKind = 'internal' | 'supplier';
export type OrganizationStatus = 'active' | 'disabled';

@Entity('organization')
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  @Column({ type: 'varchar' })
  kind: OrganizationKind;

  @Column({ type: 'varchar', default: 'active' })
  status: OrganizationStatus;

  /** Members must enrol TOTP before they can use the portal (set by admins for supplier orgs). */
  @Column({ name: 'require_mfa', type: 'boolean', default: false })
  requireMfa: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
