import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A regex masked in shared text, e.g. phone numbers: `{ pattern: '\\+?\\d[\\d -]{7,}\\d', replacement: '▇▇▇' }`. */
export interface RedactionRule {
  pattern: string;
  flags?: string;
  replacement?: string;
}

/** A trigger of the notifications module: which event goes to which channel(s) of this workspace. */
export interface NotificationRule {
  event: string;
  channels: string[];
  /** Optional event-specific filter, e.g. `{ status: 'In Testing' }`. */
  when?: Record<string, string>;
  /** jira.status_entered: any of these Jira status names, in any language, case-insensitively. */
  statuses?: string[];
  /**
   * Who the Feishu / DingTalk group message @-mentions: `assignee`, `reporter` (of the Jira issue),
   * `owner`, `co_owners` (of the workspace) or `user:<id>` (an internal user).
   */
  mention?: string[];
  /** item.version_unacknowledged: days after publication without an acknowledgement. */
  afterDays?: number;
}

/** One supplier organisation's slice of a Jira project and Feishu folder, owned by a PM (docs/architecture.md). */
@Entity('workspace')
export class Workspace {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** References organization(id); a plain column because the organizations module owns that entity. */
  @Column({ name: 'supplier_org_id', type: 'uuid' })
  supplierOrgId: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'co_owner_ids', type: 'uuid', array: true, default: () => "'{}'" })
  coOwnerIds: string[];

  @Column({ name: 'jira_project_key', type: 'varchar', length: 32, nullable: true })
  jiraProjectKey: string | null;

  /** Issue type (name) of the Jira issues created from defect reports; it must exist in the project. */
  @Column({ name: 'jira_issue_type', type: 'varchar', length: 64, default: 'Bug' })
  jiraIssueType: string;

  @Column({ name: 'jira_scope_jql', type: 'text', nullable: true })
  jiraScopeJql: string | null;

  @Column({ name: 'feishu_folder_token', type: 'varchar', length: 128, nullable: true })
  feishuFolderToken: string | null;

  @Column({ name: 'feishu_chat_id', type: 'varchar', length: 128, nullable: true })
  feishuChatId: string | null;

  /** Internal only: never part of a supplier-facing response. */
  @Column({ name: 'dingtalk_webhook', type: 'text', nullable: true })
  dingtalkWebhook: string | null;

  /** Internal only: never part of any response (write-only). */
  @Column({ name: 'dingtalk_secret', type: 'text', nullable: true })
  dingtalkSecret: string | null;

  @Column({ name: 'default_fields', type: 'text', array: true, default: () => "'{}'" })
  defaultFields: string[];

  /**
   * Shared field names that matched no field when they were moved to canonical names (migration
   * 1765090000000-ResolveSharedFieldNames), kept as they were and shown to the PM until dismissed.
   */
  @Column({ name: 'field_notice', type: 'jsonb', nullable: true })
  fieldNotice: FieldNotice | null;

  /** Internal status name -> supplier-facing status name. */
  @Column({ name: 'status_map', type: 'jsonb', default: () => "'{}'" })
  statusMap: Record<string, string>;

  @Column({ name: 'redaction_rules', type: 'jsonb', default: () => "'[]'" })
  redactionRules: RedactionRule[];

  @Column({ name: 'auto_publish', type: 'boolean', default: false })
  autoPublish: boolean;

  @Column({ name: 'notification_rules', type: 'jsonb', default: () => "'[]'" })
  notificationRules: NotificationRule[];

  /** The console counts a published version as unacknowledged once it is this many days old. */
  @Column({ name: 'acknowledge_within_days', type: 'integer', default: 5 })
  acknowledgeWithinDays: number;

  @Column({ name: 'access_expires_at', type: 'timestamptz', nullable: true })
  accessExpiresAt: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export interface FieldNotice {
  raisedAt: string;
  /** Where the names are: the workspace defaults (itemId null) or an item's allowlist. */
  unmatched: { itemId: string | null; sourceRef: string | null; names: string[] }[];
}
