import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { accessibleWhere, AppAbility, AuthUser } from '@portico/auth';
import { BadInputError, decodeKeyset, Page, toPage } from '../common';
import { AuditEvent } from './entities/audit-event.entity';
import type { AuditEventQueryDto, AuditExportQueryDto } from './dto/audit-event-query.dto';

/** The CSV export stops here; narrower filters give the rest. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

/** Where a request came from, recorded with every event it causes. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditRecord {
  /** Dotted verb, e.g. `auth.login.succeeded`, `user.role.changed`, `file.downloaded`. */
  action: string;
  /** The acting user; omit (or null) for anonymous or system events. */
  actor?: Pick<AuthUser, 'id' | 'orgId'> | null;
  /** The organisation concerned, when it is not the actor's (e.g. a failed login's account). */
  orgId?: string | null;
  workspaceId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  meta?: RequestMeta;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /**
   * Appends one event. Pass the caller's EntityManager to write inside its transaction, so the
   * event exists exactly when the change it describes does.
   */
  async record(record: AuditRecord, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    await repository.insert({
      action: record.action,
      actorId: record.actor?.id ?? null,
      actorOrgId: record.actor?.orgId ?? null,
      orgId: record.orgId ?? record.actor?.orgId ?? null,
      workspaceId: record.workspaceId ?? null,
      resourceType: record.resourceType ?? null,
      resourceId: record.resourceId ?? null,
      ip: record.meta?.ip?.slice(0, 64) ?? null,
      userAgent: record.meta?.userAgent?.slice(0, 500) ?? null,
      details: (record.details ?? {}) as AuditEvent['details'] & object,
    });
  }

  /** Newest first; what the caller may read is decided in SQL from their rules. */
  async list(ability: AppAbility, query: AuditEventQueryDto): Promise<Page<AuditEvent>> {
    const limit = query.limit ?? 50;
    const qb = this.filtered(ability, query).take(limit + 1);
    const after = decodeKeyset(query.cursor, 1)?.[0];
    if (after !== undefined) {
      if (!/^\d{1,19}$/.test(after))
        throw new BadInputError('Invalid cursor', [
          { field: 'cursor', message: 'is not a cursor returned by this list' },
        ]);
      qb.andWhere('event.seq < :seq', { seq: after });
    }
    return toPage(await qb.getMany(), limit, (e) => [e.seq]);
  }

  /** Rows for the CSV export, streamed in batches so a large export does not sit in memory at once. */
  async *exportRows(
    ability: AppAbility,
    filter: AuditExportQueryDto,
    batchSize = 1000,
  ): AsyncGenerator<AuditEvent[]> {
    let before: string | undefined;
    let total = 0;
    while (total < AUDIT_EXPORT_MAX_ROWS) {
      const qb = this.filtered(ability, filter).take(Math.min(batchSize, AUDIT_EXPORT_MAX_ROWS - total));
      if (before) qb.andWhere('event.seq < :before', { before });
      const rows = await qb.getMany();
      if (!rows.length) return;
      yield rows;
      total += rows.length;
      before = rows[rows.length - 1].seq;
    }
  }

  private filtered(ability: AppAbility, f: AuditExportQueryDto): SelectQueryBuilder<AuditEvent> {
    // Rules for pms are written on the event's workspace (`workspace.ownerId`), hence the join; by
    // entity name, so audit (which every module writes to) does not load the workspaces module.
    const qb = this.events
      .createQueryBuilder('event')
      .leftJoin('Workspace', 'workspace', 'workspace.id = event.workspaceId')
      .where(accessibleWhere(ability, 'read', 'AuditEvent', 'event'))
      .orderBy('event.seq', 'DESC');
    if (f.action?.endsWith('.*'))
      qb.andWhere('event.action LIKE :prefix', { prefix: `${f.action.slice(0, -1)}%` });
    else if (f.action) qb.andWhere('event.action = :action', { action: f.action });
    if (f.actorId) qb.andWhere('event.actorId = :actorId', { actorId: f.actorId });
    if (f.orgId) qb.andWhere('(event.orgId = :orgId OR event.actorOrgId = :orgId)', { orgId: f.orgId });
    if (f.workspaceId) qb.andWhere('event.workspaceId = :workspaceId', { workspaceId: f.workspaceId });
    if (f.resourceType) qb.andWhere('event.resourceType = :resourceType', { resourceType: f.resourceType });
    if (f.resourceId) qb.andWhere('event.resourceId = :resourceId', { resourceId: f.resourceId });
    if (f.from) qb.andWhere('event.at >= :from', { from: new Date(f.from) });
    if (f.to) qb.andWhere('event.at < :to', { to: new Date(f.to) });
    return qb;
  }
}
