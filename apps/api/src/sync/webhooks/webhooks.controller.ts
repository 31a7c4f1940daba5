import { Controller, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '@portico/auth';
import type { FastifyRequest } from 'fastify';
import { WebhooksService } from './webhooks.service';

/**
 * Jira and Feishu call these; authenticity comes from their signatures over the raw body, not from
 * a session. Both answer fast and leave the work to queued jobs.
 */
@ApiTags('webhooks')
@Public()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('jira')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Jira admin webhook (X-Hub-Signature HMAC-SHA256, de-duplicated by X-Atlassian-Webhook-Identifier)',
  })
  @ApiOkResponse({ description: '`{ status: "accepted" | "duplicate", published? }`' })
  @ApiBadRequestResponse({ description: 'Body is not a Jira webhook payload' })
  @ApiUnauthorizedResponse({ description: 'Signature missing, wrong, or delivery too old' })
  jira(@Req() request: RawBodyRequest<FastifyRequest>) {
    return this.webhooks.receiveJira(request.rawBody, request.headers);
  }

  @Post('feishu')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Feishu/Lark event callback: answers url_verification, verifies token and signature, de-duplicates event ids',
  })
  @ApiOkResponse({ description: '`{ challenge }` for URL verification, else `{ status }`' })
  @ApiBadRequestResponse({ description: 'Body cannot be parsed or decrypted' })
  @ApiUnauthorizedResponse({
    description: 'Verification token or signature wrong, timestamp stale, or request replayed',
  })
  feishu(@Req() request: RawBodyRequest<FastifyRequest>) {
    return this.webhooks.receiveFeishu(request.rawBody, request.headers);
  }
}
