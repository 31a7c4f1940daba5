import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Locale, Role, UserStatus } from '@portico/auth';
import type { Organization } from '../../organizations';

@Entity('user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  // By entity name: the organizations module depends on users, so users must not load it back.
  @ManyToOne('Organization')
  @JoinColumn({ name: 'org_id' })
  organization?: Organization;

  /** Stored lower-cased; uniqueness is enforced on lower(email). */
  @Column({ type: 'varchar' })
  email: string;

  @Column({ name: 'display_name', type: 'varchar' })
  displayName: string;

  @Column({ type: 'varchar' })
  role: Role;

  @Column({ type: 'varchar', default: 'invited' })
  status: UserStatus;

  @Column({ name: 'password_hash', type: 'varchar', nullable: true, select: false })
  passwordHash: string | null;

  /** AES-256-GCM ciphertext of the base32 TOTP secret; see MfaService. */
  @Column({ name: 'totp_secret', type: 'varchar', nullable: true, select: false })
  totpSecret: string | null;

  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** Time step (30 s) of the last accepted TOTP code; a code is never accepted twice. */
  @Column({ name: 'totp_last_used_step', type: 'bigint', nullable: true, select: false })
  totpLastUsedStep: string | null;

  @Column({ name: 'recovery_code_hashes', type: 'text', array: true, default: () => "'{}'", select: false })
  recoveryCodeHashes: string[];

  @Column({ name: 'failed_logins', type: 'int', default: 0 })
  failedLogins: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', default: 'en' })
  locale: Locale;

  @Column({ name: 'feishu_open_id', type: 'varchar', nullable: true })
  feishuOpenId: string | null;

  /** Internal users: who trigger rules @-mention in DingTalk groups (admin-set). */
  @Column({ name: 'dingtalk_mobile', type: 'varchar', length: 32, nullable: true })
  dingtalkMobile: string | null;

  @Column({ name: 'dingtalk_user_id', type: 'varchar', length: 64, nullable: true })
  dingtalkUserId: string | null;

  /** Internal users: their Jira Cloud account id, for Jira sites that hide e-mail addresses. */
  @Column({ name: 'jira_account_id', type: 'varchar', length: 128, nullable: true })
  jiraAccountId: string | null;

  /** Bumped to end every session at once (password change, disable); access tokens carry it as `ver`. */
  @Column({ name: 'session_version', type: 'int', default: 0 })
  sessionVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
