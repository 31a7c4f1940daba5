import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LISTABLE_STATES, type ListableState } from './sync-job-query.dto';

export class JobRefDto {
  @ApiProperty({ example: 'defect' })
  type: string;

  @ApiProperty()
  id: string;

  @ApiPropertyOptional({ format: 'uuid' })
  workspaceId?: string;
}

export class SyncJobDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    description: 'The queue the job belongs to (for a dead-lettered job: the queue it failed in)',
  })
  queue: string;

  @ApiProperty({ enum: ['jira', 'feishu', 'dingtalk', 'email', 'internal'] })
  target: string;

  @ApiProperty({ enum: LISTABLE_STATES })
  state: ListableState;

  @ApiPropertyOptional({ type: JobRefDto, nullable: true })
  ref: JobRefDto | null;

  @ApiProperty({ description: 'Attempts made so far' })
  attempts: number;

  @ApiProperty()
  maxAttempts: number;

  @ApiPropertyOptional({ nullable: true, description: 'Message of the last failed attempt' })
  lastError: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'When the job runs next (created / retry)' })
  nextRunAt: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiPropertyOptional({ nullable: true })
  completedAt: string | null;
}

export class SyncJobPageDto {
  @ApiProperty({ type: [SyncJobDto] })
  items: SyncJobDto[];

  @ApiPropertyOptional({ nullable: true, type: String })
  nextCursor: string | null;
}

export class RedriveResultDto {
  @ApiProperty({ format: 'uuid', description: 'The new job in the original queue' })
  id: string;

  @ApiProperty()
  queue: string;
}

export class WebhookStatusDto {
  @ApiPropertyOptional({ nullable: true })
  lastReceivedAt: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Event type of the last delivery' })
  lastEventType: string | null;
}

export class SyncStatusDto {
  @ApiProperty({ type: WebhookStatusDto })
  jira: WebhookStatusDto;

  @ApiProperty({ type: WebhookStatusDto })
  feishu: WebhookStatusDto;

  @ApiPropertyOptional({ nullable: true, description: 'Last reconciliation run' })
  lastReconciledAt: string | null;
}
