import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { AppAbility, AuthUser, CheckAbility, CurrentAbility, CurrentUser } from '@portico/auth';
import { auditCsvHeader, auditCsvRow } from './audit-csv';
import { AuditService, RequestMeta } from './audit.service';
import { AuditEventQueryDto, AuditExportQueryDto } from './dto/audit-event-query.dto';
import { AuditEventPageDto, toAuditEventDto } from './dto/audit-event-response.dto';
import { ClientMeta } from './request-meta.decorator';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @CheckAbility('read', 'AuditEvent')
  @ApiOperation({ summary: 'Audit events, newest first (admins: all; pms: their workspaces)' })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiForbiddenResponse({ description: 'Supplier users' })
  async list(
    @CurrentAbility() ability: AppAbility,
    @Query() query: AuditEventQueryDto,
  ): Promise<AuditEventPageDto> {
    const page = await this.audit.list(ability, query);
    return { items: page.items.map(toAuditEventDto), nextCursor: page.nextCursor };
  }

  @Get('export.csv')
  @CheckAbility('read', 'AuditEvent')
  @ApiOperation({
    summary: 'The filtered events as CSV (formula-like cells neutralised), at most 100 000 rows',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv' })
  async export(
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @Query() filter: AuditExportQueryDto,
    @ClientMeta() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.audit.record({ action: 'audit.exported', actor: caller, meta, details: { filter } });
    const batches = this.audit.exportRows(ability, filter);
    const body = Readable.from(
      (async function* () {
        yield auditCsvHeader();
        for await (const rows of batches) yield rows.map(auditCsvRow).join('');
      })(),
    );
    const stamp = new Date().toISOString().slice(0, 10);
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="portico-audit-${stamp}.csv"`)
      .send(body);
  }
}
