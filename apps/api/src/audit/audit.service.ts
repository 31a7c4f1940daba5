import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '@portico/auth';
import { AuditEvent } from './entities/audit-event.entity';

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
}
