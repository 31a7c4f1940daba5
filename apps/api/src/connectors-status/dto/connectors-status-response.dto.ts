import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_TARGETS, type JobTarget } from '../../sync';

export const CONNECTION_PROBLEMS = [
  'not_configured',
  'missing_credentials',
  'unreachable',
  'timeout',
  'rejected_credentials',
  'rate_limited',
  'unavailable',
  'unexpected_answer',
] as const;
export type ConnectionProblem = (typeof CONNECTION_PROBLEMS)[number];

export class ConnectionErrorDto {
  @ApiProperty({ enum: CONNECTION_PROBLEMS })
  kind: ConnectionProblem;

  @ApiProperty({ description: 'What went wrong, without credentials', example: 'no response within 3000 ms' })
  message: string;
}

export class FailedJobCountsDto {
  @ApiProperty({ enum: JOB_TARGETS })
  target: JobTarget;

  @ApiProperty({ description: 'Jobs that ran out of attempts in the last 24 hours' })
  failedLast24h: number;

  @ApiProperty({ description: 'Dead-lettered jobs waiting for a re-drive (any age)' })
  awaitingRedrive: number;

  @ApiProperty({ description: 'Jobs that failed an attempt and wait for the next one' })
  retrying: number;
}

export class ConnectorStatusDto {
  @ApiProperty({ enum: ['jira', 'feishu'] })
  name: 'jira' | 'feishu';

  @ApiProperty({ description: 'A base URL is set, by the environment or by the built-in simulator' })
  configured: boolean;

  @ApiProperty({
    enum: ['external', 'simulator', 'off'],
    description:
      '`simulator`: the built-in simulator started because the variables are unset (not in production)',
  })
  mode: 'external' | 'simulator' | 'off';

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Origin and path only; never user info or query',
    example: 'https://acme.atlassian.net',
  })
  baseUrl: string | null;

  @ApiProperty({
    enum: ['basic', 'bearer', 'app_secret', 'none'],
    description: 'Which kind of credentials is configured (their values are never shown)',
  })
  credentialType: 'basic' | 'bearer' | 'app_secret' | 'none';

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null when not configured' })
  reachable: boolean | null;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: 'null when the answer did not tell (unreachable, rate-limited, server error)',
  })
  credentialsValid: boolean | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Duration of the check call' })
  latencyMs: number | null;

  @ApiPropertyOptional({ type: ConnectionErrorDto, nullable: true })
  error: ConnectionErrorDto | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  lastWebhookReceivedAt: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'jira:issue_updated' })
  lastWebhookEventType: string | null;

  @ApiProperty({ type: FailedJobCountsDto })
  jobs: FailedJobCountsDto;
}

export class ConnectorsStatusDto {
  @ApiProperty({ type: String, format: 'date-time' })
  checkedAt: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  lastReconciledAt: string | null;

  @ApiProperty({ type: [ConnectorStatusDto] })
  connectors: ConnectorStatusDto[];

  @ApiProperty({ type: [FailedJobCountsDto], description: 'Every sync target, connectors or not' })
  jobs: FailedJobCountsDto[];
}
