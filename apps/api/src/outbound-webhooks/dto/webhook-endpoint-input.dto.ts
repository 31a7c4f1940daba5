import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../common';
import type { WebhookAttempt } from '../entities/webhook-attempt.entity';
import type { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import { PING_EVENT, WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events';

export class CreateWebhookEndpointDto {
  @ApiProperty({
    maxLength: 2000,
    example: 'https://hooks.supplier.example/portico',
    description: 'https (plain http outside production only); must resolve to a public address',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];

  @ApiPropertyOptional({ maxLength: 500, example: 'Our Jira' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: WebhookEvent[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ description: 'Enabling again clears a failure streak and its automatic disabling' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) orgId: string;
  @ApiProperty() url: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events: WebhookEvent[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the system disabled the endpoint (failing for days); null when people did',
  })
  disabledReason: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'First failed attempt since the last success' })
  failingSince: Date | null;
  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'After a rotation: until then the previous secret signs too',
  })
  previousSecretExpiresAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static of(e: WebhookEndpoint): WebhookEndpointDto {
    const overlap = e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date();
    return {
      id: e.id,
      orgId: e.orgId,
      url: e.url,
      description: e.description,
      events: e.events as WebhookEvent[],
      enabled: e.enabled,
      disabledReason: e.disabledReason,
      failingSince: e.failingSince,
      previousSecretExpiresAt: overlap ? e.previousSecretExpiresAt : null,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    };
  }
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({ description: 'The signing secret (`whsec_…`): shown in this answer only, never again' })
  secret: string;
}

export class WebhookEndpointListDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) items: WebhookEndpointDto[];
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'This attempt' }) id: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The message: the `webhook-id` header, the same on every attempt',
  })
  messageId: string;
  @ApiProperty({ enum: [...WEBHOOK_EVENTS, PING_EVENT] }) event: string;
  @ApiProperty({ description: '1 for the first POST of the message; retries and redeliveries count on' })
  attempt: number;
  @ApiProperty({ description: 'A 2xx answer' }) succeeded: boolean;
  @ApiProperty({ type: Number, nullable: true }) statusCode: number | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ type: String, nullable: true, description: 'The start of the answer, at most 1 KB' })
  responseExcerpt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why no usable answer came (refused, timeout, redirect)',
  })
  error: string | null;
  @ApiProperty() createdAt: Date;

  static of(a: WebhookAttempt & { event: string }): WebhookDeliveryDto {
    return {
      id: a.id,
      messageId: a.messageId,
      event: a.event,
      attempt: a.attempt,
      succeeded: a.succeeded,
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      responseExcerpt: a.responseExcerpt,
      error: a.error,
      createdAt: a.createdAt,
    };
  }
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class WebhookDeliveryQueryDto extends PageQueryDto {}

export class WebhookSendDto {
  @ApiProperty({ format: 'uuid', description: 'The message queued for sending; see the delivery log' })
  messageId: string;
}
