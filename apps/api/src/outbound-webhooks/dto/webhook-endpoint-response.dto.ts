import { ApiProperty } from '@nestjs/swagger';
import type { WebhookAttempt } from '../entities/webhook-attempt.entity';
import type { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import { PING_EVENT, WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events';

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
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class WebhookSendDto {
  @ApiProperty({ format: 'uuid', description: 'The message queued for sending; see the delivery log' })
  messageId: string;
}

export function toWebhookEndpointDto(e: WebhookEndpoint): WebhookEndpointDto {
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

export function toWebhookDeliveryDto(a: WebhookAttempt & { event: string }): WebhookDeliveryDto {
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

/** Right after creation or a rotation only: the secret is never shown again. */
export function toWebhookEndpointWithSecretDto({
  endpoint,
  secret,
}: {
  endpoint: WebhookEndpoint;
  secret: string;
}): WebhookEndpointWithSecretDto {
  return { ...toWebhookEndpointDto(endpoint), secret };
}
