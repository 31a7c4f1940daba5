import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Change, ChangeKind, WhatChanged } from '../what-changed.service';

const KINDS: ChangeKind[] = ['new_item', 'new_version', 'defect_status', 'file_review', 'order_change'];

export class ChangeDto {
  @ApiProperty({ enum: KINDS }) kind: ChangeKind;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty() workspaceName: string;
  @ApiProperty({ description: 'Item title, defect title, or the drawing and revision ("D-102 rev B")' })
  title: string;
  @ApiProperty({ description: 'Portal path of the place it happened, e.g. /defects/<id>' }) link: string;
  @ApiPropertyOptional({ description: 'new_item, new_version: the latest version' }) version?: number;
  @ApiPropertyOptional({ description: 'new_item, new_version: versions the caller has not opened' })
  unseenVersions?: number;
  @ApiPropertyOptional({
    description: 'defect_status: the supplier-facing status; file_review: approved or changes_requested',
  })
  status?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: "file_review: the reviewer's note" })
  note?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'new_item, new_version: the shared due date of the latest version',
  })
  dueDate?: string | null;
  @ApiPropertyOptional({ description: 'new_item, new_version: the shared due date has passed' })
  overdue?: boolean;
  @ApiPropertyOptional({
    type: 'object',
    properties: {
      from: { type: 'string', format: 'date', nullable: true },
      to: { type: 'string', format: 'date', nullable: true },
    },
    description: 'new_version: the shared due date moved since the version the caller last opened',
  })
  dueDateChange?: { from: string | null; to: string | null };
  @ApiPropertyOptional({
    type: 'object',
    properties: {
      field: {
        type: 'string',
        description:
          'order (new order), line (new line), deliveryDate, quantity, closed, documentStatus, cancelled',
      },
      from: { type: 'string', nullable: true },
      to: { type: 'string', nullable: true },
    },
    description: 'order_change: what Kingdee changed on the purchase order, old → new',
  })
  orderChange?: { field: string; from: string | null; to: string | null };
}

export class WhatChangedDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "The end of the caller's previous visit; null on their first",
  })
  since: string | null;

  @ApiProperty({ type: [ChangeDto], description: 'Newest first' }) items: ChangeDto[];
}

export function toChangeDto(change: Change): ChangeDto {
  return { ...change, at: change.at.toISOString() };
}

export function toWhatChangedDto(result: WhatChanged): WhatChangedDto {
  return { since: result.since?.toISOString() ?? null, items: result.changes.map(toChangeDto) };
}
