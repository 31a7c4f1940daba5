import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApiTokenScope } from '@portico/auth';

export type ApiTokenKind = 'organization' | 'personal';

@Entity('api_token')
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `organization`: acts as the organisation's service user; `personal`: as the internal user who made it. */
  @Column({ type: 'varchar' })
  kind: ApiTokenKind;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  /** The identity the token acts as. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'text', array: true })
  scopes: ApiTokenScope[];

  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  @Column({ name: 'secret_hash', type: 'bytea', select: false })
  secretHash: Buffer;

  /** The first characters of the secret, so people can tell their tokens apart. */
  @Column({ type: 'varchar' })
  prefix: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'last_used_ip', type: 'varchar', nullable: true })
  lastUsedIp: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
