import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LargePageQueryDto } from '../../../common';

export const LISTABLE_STATES = ['failed', 'retry', 'active', 'created', 'completed'] as const;
export type ListableState = (typeof LISTABLE_STATES)[number];

/** Administrative list: up to 200 per page. */
export class SyncJobQueryDto extends LargePageQueryDto {
  @ApiProperty({
    enum: LISTABLE_STATES,
    description: '`failed` lists dead-lettered jobs waiting for a re-drive',
  })
  @IsIn(LISTABLE_STATES)
  state: ListableState;

  @ApiPropertyOptional({ description: 'Only jobs of this queue', example: 'feedback.create-jira-issue' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  queue?: string;
}
