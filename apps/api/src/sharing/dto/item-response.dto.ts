import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldChange } from '../projection/snapshot-diff';
import type { ItemSnapshot } from '../projection/snapshot';
import { SOURCE_TYPES, SourceType } from '../entities/shared-item.entity';

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
