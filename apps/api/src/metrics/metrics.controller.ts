import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { Registry } from 'prom-client';
import { NotFoundError, UnauthorizedError } from '../common';
import { AppConfig, APP_CONFIG } from '../config';
import { metricsAuthorized } from './metrics-access';
import { METRICS_REGISTRY } from './metrics.registry';

@ApiTags('operations')
// Not a user session: METRICS_TOKEN (a bearer token of its own) guards it, or METRICS_PORT moves it.
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics: job counts by queue and state, failures, webhook deliveries',
    description:
      'Bearer METRICS_TOKEN when set. Not served on this port when METRICS_PORT is set, nor in production without METRICS_TOKEN.',
  })
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', type: String })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and was not presented' })
  @ApiNotFoundResponse({ description: 'Served on METRICS_PORT, or production without METRICS_TOKEN' })
  async metrics(@Headers('authorization') authorization?: string): Promise<string> {
    if (!this.config.metrics.onPublicPort) throw new NotFoundError('Not found');
    if (!metricsAuthorized(this.config, authorization))
      throw new UnauthorizedError('A valid metrics token is required');
    return this.registry.metrics();
  }
}
