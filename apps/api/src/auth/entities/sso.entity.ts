import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A single sign-on in progress: taken (deleted) by the callback, so each state works once and on
 * whichever API process the IdP sends the browser back to. Only the state's hash is stored.
 */
@Entity('sso_authorization')
export class SsoAuthorization {
  @PrimaryColumn({ name: 'state_hash', type: 'varchar' })
  stateHash: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  /** Hash of the cookie set on the browser that started the flow (login CSRF). */
  @Column({ name: 'browser_hash', type: 'varchar' })
  browserHash: string;

  @Column({ type: 'varchar' })
  nonce: string;

  @Column({ name: 'code_verifier', type: 'varchar' })
  codeVerifier: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Links a Portico user to an account of an organisation's IdP, by (issuer, subject). */
@Entity('sso_identity')
export class SsoIdentity {
  @PrimaryColumn({ type: 'varchar' })
  issuer: string;

  @PrimaryColumn({ type: 'varchar' })
  subject: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_sign_in_at', type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;
}
