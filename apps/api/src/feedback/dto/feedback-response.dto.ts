import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMMENT_SYNC_STATES, CommentSyncState, VISIBILITIES, Visibility } from '../entities/comment.entity';
import { DEFECT_SYNC_STATES, DefectSyncState, SEVERITIES, Severity } from '../entities/defect.entity';

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() orgName: string;
}

export class CommentSyncDto {
  @ApiProperty({
    enum: COMMENT_SYNC_STATES,
    description: 'none: nothing to deliver; pending; delivered (with jiraCommentId); failed',
  })
  state: CommentSyncState;
  @ApiPropertyOptional({ type: String, nullable: true }) jiraCommentId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Internal users only' }) error?:
    string | null;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) itemId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) defectId: string | null;
  @ApiProperty({ type: PersonDto }) author: PersonDto;
  @ApiProperty() body: string;
  @ApiProperty({ enum: VISIBILITIES }) visibility: Visibility;
  @ApiProperty({ type: CommentSyncDto }) sync: CommentSyncDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CommentPageDto {
  @ApiProperty({ type: [CommentDto] }) items: CommentDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class StatusStepDto {
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The Jira status (internal users only)' })
  externalStatus?: string | null;
}

export class DefectSyncDto {
  @ApiProperty({ enum: DEFECT_SYNC_STATES }) state: DefectSyncState;
  @ApiPropertyOptional({ type: String, nullable: true }) jiraKey: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Internal users only' }) error?:
    string | null;
}

export class DefectSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ description: 'Supplier-facing status (through the workspace status map)' }) status: string;
  @ApiProperty({ type: PersonDto }) reportedBy: PersonDto;
  @ApiProperty({ type: DefectSyncDto }) sync: DefectSyncDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Jira status (internal users only)' })
  externalStatus?: string | null;
}

export class DefectDto extends DefectSummaryDto {
  @ApiProperty() description: string;
  @ApiPropertyOptional({ type: String, nullable: true }) stepsToReproduce: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) itemId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) fileRevisionId: string | null;
  @ApiProperty({ type: [String] }) attachmentRevisionIds: string[];
  @ApiProperty({ type: [StatusStepDto] }) timeline: StatusStepDto[];
}

export class DefectPageDto {
  @ApiProperty({ type: [DefectSummaryDto] }) items: DefectSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
