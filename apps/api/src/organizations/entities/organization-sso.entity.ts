import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** OpenID Connect settings of a supplier organisation; `clientSecret` is sealed (SecretBox), never returned. */
@Entity('organization_sso')
export class OrganizationSso {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ type: 'varchar' })
  issuer: string;

  @Column({ name: 'client_id', type: 'varchar' })
  clientId: string;

  @Column({ name: 'client_secret', type: 'text', select: false })
  clientSecret: string;

  @Column({ name: 'email_domains', type: 'text', array: true })
  emailDomains: string[];

  @Column({ name: 'create_unknown_users', type: 'boolean' })
  createUnknownUsers: boolean;

  @Column({ name: 'require_sso', type: 'boolean' })
  requireSso: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One row per claimed email domain: the primary key keeps a domain to one organisation. */
@Entity('organization_sso_domain')
export class OrganizationSsoDomain {
  @PrimaryColumn({ type: 'varchar' })
  domain: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;
}
