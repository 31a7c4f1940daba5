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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
