import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldChange } from '../projection/snapshot-diff';
import type { ItemSnapshot } from '../projection/snapshot';
import type { Acknowledgement } from '../entities/acknowledgement.entity';
import type { SharedItemVersion } from '../entities/shared-item-version.entity';
import { SharedItem, SOURCE_TYPES, SourceType } from '../entities/shared-item.entity';
import type { ItemRow } from '../item-list.service';

/** An item as a supplier lists it: published content only, no source refs, rules or drafts. */
export class SupplierItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty({ enum: SOURCE_TYPES }) type: SourceType;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Supplier-facing status' }) status: string | null;
  @ApiProperty() latestVersion: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastPublishedAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Due date of the latest version, when the due date is shared',
  })
  dueDate: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Priority of the latest version, when shared' })
  priority: string | null;
  @ApiProperty({ description: 'The shared due date has passed and the item is not finished' })
  overdue: boolean;
  @ApiProperty({ description: 'Newest version the caller has opened; 0 if none' }) lastSeenVersion: number;
  @ApiProperty({ description: 'Versions published since the caller last opened the item' })
  unseenChanges: number;
}

/** The owner's view adds the source, the rules, the draft state and flags. */
export class InternalItemDto extends SupplierItemDto {
  @ApiProperty() sourceRef: string;
  @ApiProperty({ type: [String] }) fields: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) redactionRules: {
    pattern: string;
    flags?: string;
    replacement?: string;
  }[];
  @ApiProperty() hasDraft: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['source_deleted', 'out_of_scope', 'source_unavailable'],
  })
  flag: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ItemPageDto {
  @ApiProperty({ type: [InternalItemDto], description: 'Suppliers get the SupplierItemDto shape' }) items: (
    SupplierItemDto | InternalItemDto
  )[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class SnapshotDto implements ItemSnapshot {
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) status: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { label: { type: 'string' }, kind: { type: 'string' }, value: {} },
    },
  })
  fields: ItemSnapshot['fields'];
}

export class ItemDetailDto extends InternalItemDto {
  @ApiProperty({
    type: SnapshotDto,
    nullable: true,
    description: 'Latest published content; suppliers get only the SupplierItemDto fields plus this',
  })
  snapshot: ItemSnapshot | null;
}

export class VersionSummaryDto {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ description: 'Whether the caller acknowledged this version' }) acknowledged: boolean;
}

export class VersionDto extends VersionSummaryDto {
  @ApiProperty({ type: SnapshotDto }) snapshot: ItemSnapshot;
}

export class VersionPageDto {
  @ApiProperty({ type: [VersionSummaryDto] }) items: VersionSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class FieldChangeDto implements FieldChange {
  @ApiProperty() field: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change: 'added' | 'removed' | 'changed';
  @ApiProperty({ nullable: true }) before: FieldChange['before'];
  @ApiProperty({ nullable: true }) after: FieldChange['after'];
  @ApiPropertyOptional({
    type: 'array',
    items: {
      type: 'object',
      properties: { op: { type: 'string', enum: ['equal', 'insert', 'delete'] }, text: { type: 'string' } },
    },
  })
  textDiff?: FieldChange['textDiff'];
}

export class DiffDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [FieldChangeDto] }) changes: FieldChangeDto[];
}

export class DraftDto {
  @ApiProperty({ type: SnapshotDto }) snapshot: ItemSnapshot;
  @ApiProperty({ type: String, nullable: true }) sourceRevision: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
  @ApiProperty({ description: 'Version the diff is against; 0 before the first publication' })
  baseVersion: number;
  @ApiProperty({ type: [FieldChangeDto] }) changes: FieldChangeDto[];
}

export class AcknowledgementDto {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) displayName?: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class SourceEntryDto {
  @ApiProperty({ example: 'HW-1', description: 'Jira key or Feishu document token' }) ref: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) status?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) type?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) updatedAt?: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The live shared item of this source in this workspace',
  })
  sharedItemId: string | null;
}

export class SourcePageDto {
  @ApiProperty({ type: [SourceEntryDto] }) items: SourceEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ShareableFieldDto {
  @ApiProperty({ example: 'dueDate', description: 'The name allowlists store' }) name: string;
  @ApiProperty({ example: 'Due date' }) label: string;
  @ApiProperty({ type: String, nullable: true, example: 'duedate', description: "Jira's field id" })
  jiraId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Due date', description: "Jira's name of the field" })
  jiraName: string | null;
  @ApiProperty() custom: boolean;
}

const iso = (d: Date | string | null | undefined) =>
  d instanceof Date ? d.toISOString() : d ? new Date(d).toISOString() : null;

/** Shapes a list row or an entity for a supplier: published facts only. */
export function toSupplierItemDto(row: ItemRow | SharedItem, lastSeenVersion: number): SupplierItemDto {
  const r = 'sourceType' in row ? fromEntity(row) : row;
  const latestVersion = Number(r.latestVersion);
  const seen = Math.min(Number(lastSeenVersion), latestVersion);
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    type: r.type,
    title: r.title,
    status: r.status,
    latestVersion,
    lastPublishedAt: iso(r.lastPublishedAt),
    dueDate: r.dueDate ?? null,
    priority: r.priority ?? null,
    overdue: !!r.overdue,
    lastSeenVersion: seen,
    unseenChanges: latestVersion - seen,
  };
}

export function toInternalItemDto(row: ItemRow | SharedItem, lastSeenVersion: number): InternalItemDto {
  const r = 'sourceType' in row ? fromEntity(row) : row;
  return {
    ...toSupplierItemDto(r, lastSeenVersion),
    sourceRef: r.sourceRef as string,
    fields: r.fields ?? [],
    redactionRules: r.redactionRules ?? [],
    hasDraft: !!r.hasDraft,
    flag: r.flag ?? null,
    withdrawnAt: iso(r.withdrawnAt),
    createdAt: iso(r.createdAt) as string,
  };
}

function fromEntity(item: SharedItem): ItemRow {
  return {
    id: item.id,
    workspaceId: item.workspaceId,
    type: item.sourceType,
    title: item.latestTitle ?? item.draft?.title ?? null,
    status: item.latestStatus,
    latestVersion: item.latestVersion,
    lastPublishedAt: item.lastPublishedAt,
    dueDate: item.latestDueDate,
    priority: item.latestPriority,
    overdue:
      !!item.latestDueDate && !item.latestDone && item.latestDueDate < new Date().toISOString().slice(0, 10),
    sortAt: item.lastPublishedAt ?? item.createdAt,
    lastSeenVersion: 0,
    sourceRef: item.sourceRef,
    fields: item.fieldAllowlist,
    redactionRules: item.redactionRules,
    hasDraft: item.draft !== null,
    flag: item.flag,
    withdrawnAt: item.withdrawnAt,
    createdAt: item.createdAt,
  };
}

/** The list and the version without its snapshot; `acknowledged` is the caller's. */
export function toVersionSummaryDto(v: SharedItemVersion, acknowledged: boolean): VersionSummaryDto {
  return { version: v.version, publishedAt: v.publishedAt.toISOString(), note: v.note, acknowledged };
}

export function toVersionDto(v: SharedItemVersion, acknowledged: boolean): VersionDto {
  return { ...toVersionSummaryDto(v, acknowledged), snapshot: v.snapshot };
}

export function toDraftDto(draft: { item: SharedItem; base: number; changes: FieldChange[] }): DraftDto {
  const { item, base, changes } = draft;
  return {
    snapshot: item.draft!,
    sourceRevision: item.draftSourceRevision,
    updatedAt: item.draftUpdatedAt?.toISOString() ?? null,
    baseVersion: base,
    changes,
  };
}

export function toAcknowledgementDto(
  ack: Pick<Acknowledgement, 'userId' | 'at'> & { version: number; displayName?: string | null },
): AcknowledgementDto {
  return {
    version: ack.version,
    userId: ack.userId,
    ...(ack.displayName !== undefined ? { displayName: ack.displayName } : {}),
    at: new Date(ack.at).toISOString(),
  };
}
