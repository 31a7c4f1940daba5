import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuthUser } from '@portico/auth';
import { FieldNotice, NotificationRule, RedactionRule, Workspace } from '../entities/workspace.entity';
import type { WorkspaceCounts } from '../workspace-counts.service';

/** What a supplier user sees of a workspace: no owners, sources, rules or notification targets. */
export class SupplierWorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) accessExpiresAt: string | null;
}

/** The full configuration, for internal users. The DingTalk secret is write-only. */
export class WorkspaceDto extends SupplierWorkspaceDto {
  @ApiProperty({ format: 'uuid' }) supplierOrgId: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ type: [String] }) coOwnerIds: string[];
  @ApiProperty({ type: String, nullable: true }) jiraProjectKey: string | null;
  @ApiProperty({ example: 'Bug' }) jiraIssueType: string;
  @ApiProperty({ type: String, nullable: true }) jiraScopeJql: string | null;
  @ApiProperty({ type: String, nullable: true }) feishuFolderToken: string | null;
  @ApiProperty({ type: String, nullable: true }) feishuChatId: string | null;
  @ApiProperty({ type: String, nullable: true }) dingtalkWebhook: string | null;
  @ApiProperty() dingtalkSecretSet: boolean;
  @ApiProperty({ type: [String] }) defaultFields: string[];
  @ApiProperty({
    type: 'object',
    nullable: true,
    description:
      'Shared field names that matched no field when names were made canonical; kept, until dismissed',
    properties: {
      raisedAt: { type: 'string', format: 'date-time' },
      unmatched: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            itemId: { type: 'string', nullable: true },
            sourceRef: { type: 'string', nullable: true },
            names: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  })
  fieldNotice: FieldNotice | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) statusMap: Record<
    string,
    string
  >;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) redactionRules: RedactionRule[];
  @ApiProperty() autoPublish: boolean;
  @ApiProperty() acknowledgeWithinDays: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) notificationRules: NotificationRule[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** A workspace in an internal user's list, with what waits for its owners. */
export class WorkspaceListEntryDto extends WorkspaceDto {
  @ApiProperty({ description: 'Source changes of published items waiting as drafts' })
  pendingDrafts: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Dead-lettered sync jobs; null when the caller may not see the workspace's sync jobs",
  })
  failedSyncJobs: number | null;
}

export class WorkspacePageDto {
  @ApiProperty({
    type: [WorkspaceListEntryDto],
    description: 'Supplier callers get the SupplierWorkspaceDto shape, without counts',
  })
  items: (WorkspaceListEntryDto | SupplierWorkspaceDto)[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export function toSupplierWorkspaceDto(ws: Workspace): SupplierWorkspaceDto {
  return { id: ws.id, name: ws.name, accessExpiresAt: ws.accessExpiresAt?.toISOString() ?? null };
}

/** Suppliers get the narrow shape; internal users the configuration. */
export function toWorkspaceDtoFor(user: AuthUser, ws: Workspace): WorkspaceDto | SupplierWorkspaceDto {
  return user.orgKind === 'supplier' ? toSupplierWorkspaceDto(ws) : toWorkspaceDto(ws);
}

/** `counts` is undefined for a workspace the counts query found nothing for. */
export function toWorkspaceListEntryDto(
  ws: Workspace,
  counts: WorkspaceCounts | undefined,
): WorkspaceListEntryDto {
  return { ...toWorkspaceDto(ws), ...(counts ?? { pendingDrafts: 0, failedSyncJobs: null }) };
}

export function toWorkspaceDto(ws: Workspace): WorkspaceDto {
  return {
    ...toSupplierWorkspaceDto(ws),
    supplierOrgId: ws.supplierOrgId,
    ownerId: ws.ownerId,
    coOwnerIds: ws.coOwnerIds,
    jiraProjectKey: ws.jiraProjectKey,
    jiraIssueType: ws.jiraIssueType,
    jiraScopeJql: ws.jiraScopeJql,
    feishuFolderToken: ws.feishuFolderToken,
    feishuChatId: ws.feishuChatId,
    dingtalkWebhook: ws.dingtalkWebhook,
    dingtalkSecretSet: !!ws.dingtalkSecret,
    defaultFields: ws.defaultFields,
    fieldNotice: ws.fieldNotice ?? null,
    statusMap: ws.statusMap,
    redactionRules: ws.redactionRules,
    autoPublish: ws.autoPublish,
    acknowledgeWithinDays: ws.acknowledgeWithinDays,
    notificationRules: ws.notificationRules,
    archivedAt: ws.archivedAt?.toISOString() ?? null,
    createdAt: ws.createdAt.toISOString(),
    updatedAt: ws.updatedAt.toISOString(),
  };
}
