import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics.registry';

@ApiTags('operations')
// Counts only, no tenant data; restrict /metrics to the monitoring network at the proxy.
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics: job counts by queue and state, failures, webhook deliveries',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', type: String })
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
