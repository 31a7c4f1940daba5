import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AppAbility, AuthUser, CheckAbility, CurrentAbility, CurrentUser } from '@portico/auth';
import type { FastifyRequest } from 'fastify';
import { SyncJobQueryDto } from './dto/sync-job-query.dto';
import { RedriveResultDto, SyncJobPageDto, SyncStatusDto } from './dto/sync-job-response.dto';
import { SyncJobsService } from './sync-jobs.service';
import { UuidParamPipe } from '../../common';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/sync')
export class SyncJobsController {
  constructor(private readonly jobs: SyncJobsService) {}

  @Get('jobs')
  @CheckAbility('read', 'SyncJob')
  @ApiOperation({ summary: 'Outbound sync jobs by state (admins: all; PMs: jobs of workspaces they own)' })
  @ApiOkResponse({ type: SyncJobPageDto })
  @ApiForbiddenResponse({ description: 'Suppliers have no access to the sync queue' })
  list(@CurrentAbility() ability: AppAbility, @Query() query: SyncJobQueryDto): Promise<SyncJobPageDto> {
    return this.jobs.list(ability, query);
  }

  @Post('jobs/:id/retry')
  @HttpCode(200)
  @CheckAbility('retry', 'SyncJob')
  @ApiOperation({ summary: 'Re-drive a dead-lettered job into its queue (audited)' })
  @ApiOkResponse({ type: RedriveResultDto })
  @ApiNotFoundResponse({ description: 'No such job, or not one of the caller’s workspaces' })
  @ApiConflictResponse({ description: 'The job is not dead-lettered' })
  retry(
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new UuidParamPipe()) id: string,
    @Req() request: FastifyRequest,
  ): Promise<RedriveResultDto> {
    return this.jobs.redrive(user, ability, id, {
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
  }

  @Get('status')
  @CheckAbility('read', 'SyncJob')
  @ApiOperation({ summary: 'Connector status: last webhook received per source, last reconciliation' })
  @ApiOkResponse({ type: SyncStatusDto })
  status(): Promise<SyncStatusDto> {
    return this.jobs.status();
  }
}
