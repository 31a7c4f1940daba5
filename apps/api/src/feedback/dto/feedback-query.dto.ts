import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../../common';
import { DEFECT_SYNC_STATES, DefectSyncState, SEVERITIES, Severity } from '../entities/defect.entity';

/** A page of comments or of a workspace's defects. */
export class FeedbackQueryDto extends PageQueryDto {}

/** Filters of `GET defects`, the list across every workspace the caller may read. */
export class DefectQueryDto extends FeedbackQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this workspace (one the caller cannot see gives an empty list)',
  })
  @IsOptional()
  @IsUUID()
  workspaceId?: string;

  @ApiPropertyOptional({ description: 'Supplier-facing status, exactly', example: 'In progress' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  status?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ enum: DEFECT_SYNC_STATES })
  @IsOptional()
  @IsIn(DEFECT_SYNC_STATES)
  syncState?: DefectSyncState;

  @ApiPropertyOptional({
    description: 'true: only workspaces the caller owns or co-owns (everything for an admin)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  managed?: 'true' | 'false';
}
