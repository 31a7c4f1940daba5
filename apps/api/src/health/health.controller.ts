import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@portico/auth';
import { ShutdownState } from './shutdown-state';
import { StorageHealthIndicator } from './storage.health';

/** Each dependency check of the readiness probe gives up after this long. */
export const READINESS_CHECK_TIMEOUT_MS = 3000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly storage: StorageHealthIndicator,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (checks nothing else)' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: database and object storage reachable (503 otherwise, and while shutting down)',
  })
  ready() {
    if (this.shutdown.isStopping) throw new ServiceUnavailableException('Shutting down');
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: READINESS_CHECK_TIMEOUT_MS }),
      () => this.storage.isHealthy('storage', READINESS_CHECK_TIMEOUT_MS),
    ]);
  }
}
