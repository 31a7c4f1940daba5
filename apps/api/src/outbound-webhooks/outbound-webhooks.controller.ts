import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@portico/auth';
import type { RequestMeta } from '../audit';
import { ClientMeta } from '../audit';
import { UuidParamPipe } from '../common';
import { WebhookDeliveryQueryDto } from './dto/webhook-delivery-query.dto';
import { CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './dto/webhook-endpoint-input.dto';
import {
  toWebhookDeliveryDto,
  toWebhookEndpointDto,
  toWebhookEndpointWithSecretDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointListDto,
  WebhookEndpointWithSecretDto,
  WebhookSendDto,
} from './dto/webhook-endpoint-response.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/**
 * Webhook endpoints of a supplier organisation (its supplier admins; admins for any supplier
 * organisation). Like token management these routes declare no ability: API tokens cannot call them.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/organizations/:id/webhook-endpoints')
export class OutboundWebhooksController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's webhook endpoints" })
  @ApiOkResponse({ type: WebhookEndpointListDto })
  @ApiNotFoundResponse()
  async list(
    @Param('id', UuidParamPipe) orgId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<WebhookEndpointListDto> {
    return { items: (await this.endpoints.list(caller, orgId)).map(toWebhookEndpointDto) };
  }

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint; its signing secret is in this answer only',
    description:
      'Events are POSTed as JSON signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). ' +
      'The URL must resolve to a public address (400 naming `url` otherwise).',
  })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiBadRequestResponse({ description: 'e.g. a URL resolving to a private address' })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  async create(
    @Param('id', UuidParamPipe) orgId: string,
    @Body() dto: CreateWebhookEndpointDto,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecretDto> {
    return toWebhookEndpointWithSecretDto(await this.endpoints.create(caller, orgId, dto, meta));
  }

  @Post('deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send the message of a logged delivery again (same `webhook-id`, next attempt number)',
  })
  @ApiAcceptedResponse({ type: WebhookSendDto })
  @ApiNotFoundResponse()
  async redeliver(
    @Param('id', UuidParamPipe) orgId: string,
    @Param('deliveryId', UuidParamPipe) deliveryId: string,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<WebhookSendDto> {
    return this.endpoints.redeliver(caller, orgId, deliveryId, meta);
  }

  @Get(':endpointId')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiNotFoundResponse()
  async get(
    @Param('id', UuidParamPipe) orgId: string,
    @Param('endpointId', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<WebhookEndpointDto> {
    return toWebhookEndpointDto(await this.endpoints.get(caller, orgId, id));
  }

  @Patch(':endpointId')
  @ApiOperation({ summary: 'Change URL, events, description, or enable/disable' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  async update(
    @Param('id', UuidParamPipe) orgId: string,
    @Param('endpointId', UuidParamPipe) id: string,
    @Body() dto: UpdateWebhookEndpointDto,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<WebhookEndpointDto> {
    return toWebhookEndpointDto(await this.endpoints.update(caller, orgId, id, dto, meta));
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log; queued deliveries are dropped' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async remove(
    @Param('id', UuidParamPipe) orgId: string,
    @Param('endpointId', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.endpoints.remove(caller, orgId, id, meta);
  }

  @Post(':endpointId/rotate-secret')
  @ApiOperation({
    summary: 'New signing secret (in this answer only); the previous one keeps signing during the overlap',
    description:
      'Until `previousSecretExpiresAt` every delivery carries two signatures, space-separated, one per secret.',
  })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiNotFoundResponse()
  async rotate(
    @Param('id', UuidParamPipe) orgId: string,
    @Param('endpointId', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecretDto> {
    return toWebhookEndpointWithSecretDto(await this.endpoints.rotateSecret(caller, orgId, id, meta));
  }

  @Get(':endpointId/deliveries')
  @ApiOperation({ summary: 'The delivery log: every attempt, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiNotFoundResponse()
  async deliveries(
    @Param('id', UuidParamPipe) orgId: string,
    @Param('endpointId', UuidParamPipe) id: string,
    @Query() query: WebhookDeliveryQueryDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<WebhookDeliveryPageDto> {
    const page = await this.endpoints.deliveries(caller, orgId, id, query.limit ?? 50, query.cursor);
    return { items: page.items.map(toWebhookDeliveryDto), nextCursor: page.nextCursor };
  }

  @Post(':endpointId/test')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue a signed `ping` to the endpoint (also when disabled); see the delivery log',
  })
  @ApiAcceptedResponse({ type: WebhookSendDto })
  @ApiNotFoundResponse()
  async test(
    @Param('id', UuidParamPipe) orgId: string,
    @Param('endpointId', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<WebhookSendDto> {
    return this.endpoints.sendTest(caller, orgId, id);
  }
}
