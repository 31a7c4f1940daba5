import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, Action, accessibleWhere, AuthUser } from '@portico/auth';
import {
  Brackets,
  DataSource,
  EntityManager,
  In,
  QueryFailedError,
  Repository,
  WhereExpressionBuilder,
} from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import {
  assertEgressAllowed,
  DINGTALK_ROBOT_HOSTS,
  egressPolicy,
  BadInputError,
  ForbiddenError,
  NotFoundError,
  PolicyViolationError,
  decodeCursor,
  encodeCursor,
  Page,
  isUuid,
} from '../common';
import { AppConfig, APP_CONFIG } from '../config';
import { FIELD_NAME_RESOLVER, FieldNameResolver } from './field-name-resolver';
import { SUPPLIER_ORGANIZATIONS, type SupplierOrganizations } from './supplier-organizations';
import { assertContainedJql } from './jql-scope';
import { validateRedactionRules } from './redaction-rules';
import { CreateWorkspaceDto, UpdateWorkspaceDto } from './dto/workspace-input.dto';
import { Workspace } from './entities/workspace.entity';

/** Issue type of defect issues when the workspace names none. */
export const DEFAULT_JIRA_ISSUE_TYPE = 'Bug';

@Injectable()
export class WorkspacesService {
  constructor(
    @InjectRepository(Workspace) private readonly workspaces: Repository<Workspace>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly abilities: AbilityFactory,
    private readonly audit: AuditService,
    @Inject(FIELD_NAME_RESOLVER) private readonly fieldCatalogue: FieldNameResolver,
    @Inject(SUPPLIER_ORGANIZATIONS) private readonly organizations: SupplierOrganizations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether the user owns or co-owns a workspace of this supplier organisation (they then look after it). */
  managesSupplierOrg(userId: string, orgId: string): Promise<boolean> {
    return this.workspaces
      .createQueryBuilder('w')
      .where('w.supplierOrgId = :orgId', { orgId })
      .andWhere('(w.ownerId = :userId OR CAST(:userId AS uuid) = ANY(w.coOwnerIds))', { userId })
      .getExists();
  }

  /**
   * The workspace if the caller may see it and perform `action` on it. Invisible and missing look the
   * same (404) so another organisation cannot probe ids; visible but not allowed is 403.
   * Suppliers see a workspace only while it is live (not archived, not expired).
   */
  async getAccessible(
    user: AuthUser,
    id: string,
    action: Action = 'read',
    manager?: EntityManager,
  ): Promise<Workspace> {
    if (!isUuid(id)) throw new NotFoundError('Workspace not found');
    const repo = manager ? manager.getRepository(Workspace) : this.workspaces;
    const qb = repo.createQueryBuilder('workspace').where('workspace.id = :id', { id });
    this.applyAccessFilter(qb, 'workspace', user, 'read');
    const workspace = await qb.getOne();
    if (!workspace) throw new NotFoundError('Workspace not found');
    if (
      action !== 'read' &&
      !this.abilities.createForUser(user).can(action, subject('Workspace', workspace))
    ) {
      throw new ForbiddenError(`Not allowed to ${action} this workspace`);
    }
    return workspace;
  }

  /**
   * For system work (queue handlers) that acts on behalf of no user. Inside a transaction pass its
   * manager: the embedded PGlite runs one transaction at a time, so a read on another connection
   * would wait for the open transaction forever.
   */
  /** Live workspaces the user manages (owned or co-owned; an admin: all), with their acknowledgement window. */
  async managed(user: AuthUser): Promise<{ id: string; acknowledgeWithinDays: number }[]> {
    const qb = this.workspaces
      .createQueryBuilder('w')
      .select('w.id', 'id')
      .addSelect('w.acknowledge_within_days', 'acknowledgeWithinDays')
      .where('w.archived_at IS NULL');
    if (user.role !== 'admin')
      qb.andWhere('(w.owner_id = :userId OR :userId = ANY(w.co_owner_ids))', { userId: user.id });
    return qb.getRawMany<{ id: string; acknowledgeWithinDays: number }>();
  }

  /** How many of these workspaces lose supplier access within `days` (and have not yet). */
  async countAccessEndingWithin(workspaceIds: string[], days: number): Promise<number> {
    if (!workspaceIds.length) return 0;
    return this.workspaces
      .createQueryBuilder('w')
      .where('w.id = ANY(:ids)', { ids: workspaceIds })
      .andWhere('w.access_expires_at > now()')
      .andWhere('w.access_expires_at <= now() + make_interval(days => :days)', { days })
      .getCount();
  }

  async getById(id: string, manager?: EntityManager): Promise<Workspace> {
    if (!isUuid(id)) throw new NotFoundError('Workspace not found');
    const repo = manager ? manager.getRepository(Workspace) : this.workspaces;
    const workspace = await repo.findOneBy({ id });
    if (!workspace) throw new NotFoundError('Workspace not found');
    return workspace;
  }

  /** For system work and batch lookups: the workspaces among `ids` that exist, by id (one query). */
  async byIds(ids: string[]): Promise<Map<string, Workspace>> {
    const unique = [...new Set(ids)].filter(isUuid);
    if (!unique.length) return new Map();
    const rows = await this.workspaces.findBy({ id: In(unique) });
    return new Map(rows.map((w) => [w.id, w]));
  }

  /** The ids of a supplier organisation's workspaces, archived ones included. */
  async idsOfSupplier(supplierOrgId: string): Promise<string[]> {
    const rows = await this.workspaces.find({ where: { supplierOrgId }, select: { id: true } });
    return rows.map((w) => w.id);
  }

  /** For system work: live (not archived) workspaces with a notification rule for this event. */
  withNotificationRule(event: string): Promise<Workspace[]> {
    return this.workspaces
      .createQueryBuilder('workspace')
      .where('workspace.archived_at IS NULL')
      .andWhere('workspace.notification_rules @> :rule::jsonb', { rule: JSON.stringify([{ event }]) })
      .getMany();
  }

  /**
   * Narrows a query that joins the Workspace entity under `alias` to the workspaces the caller may
   * `action` (CASL rules of libs/auth, in SQL), and for suppliers to live ones. E.g. in another module:
   * `qb.innerJoin(Workspace, 'ws', 'ws.id = file.workspace_id'); workspacesService.applyAccessFilter(qb, 'ws', user)`.
   */
  applyAccessFilter<T extends WhereExpressionBuilder>(
    qb: T,
    alias: string,
    user: AuthUser,
    action: Action = 'read',
  ): T {
    qb.andWhere(accessibleWhere(this.abilities.createForUser(user), action, 'Workspace', alias));
    if (user.orgKind === 'supplier') qb.andWhere(liveWorkspace(alias));
    return qb;
  }

  async list(user: AuthUser, limit = 50, cursor?: string): Promise<Page<Workspace>> {
    const after = decodeCursor(cursor);
    const qb = this.applyAccessFilter(this.workspaces.createQueryBuilder('workspace'), 'workspace', user)
      .orderBy('workspace.created_at', 'DESC')
      .addOrderBy('workspace.id', 'DESC')
      .take(limit + 1);
    if (after) qb.andWhere('(workspace.created_at, workspace.id) < (:at, :id)', after);
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async create(user: AuthUser, dto: CreateWorkspaceDto, meta?: RequestMeta): Promise<Workspace> {
    await this.checkRules(dto);
    const defaultFields = dto.defaultFields
      ? await this.fieldCatalogue.resolve(dto.defaultFields, 'defaultFields')
      : ['summary', 'status', 'dueDate', 'title', 'content'];
    const ownerId = dto.ownerId ?? user.id;
    if (
      !this.abilities
        .createForUser(user)
        .can('create', subject('Workspace', { ownerId, supplierOrgId: dto.supplierOrgId }))
    ) {
      throw new ForbiddenError('Not allowed to create this workspace');
    }
    return this.dataSource.transaction(async (manager) => {
      await this.assertSupplierOrg(manager, dto.supplierOrgId);
      const entity = manager.create(Workspace, {
        name: dto.name,
        supplierOrgId: dto.supplierOrgId,
        ownerId,
        coOwnerIds: dto.coOwnerIds ?? [],
        jiraProjectKey: dto.jiraProjectKey ?? null,
        jiraIssueType: dto.jiraIssueType?.trim() || DEFAULT_JIRA_ISSUE_TYPE,
        jiraScopeJql: dto.jiraScopeJql ?? null,
        feishuFolderToken: dto.feishuFolderToken ?? null,
        feishuChatId: dto.feishuChatId ?? null,
        dingtalkWebhook: dto.dingtalkWebhook ?? null,
        dingtalkSecret: dto.dingtalkSecret ?? null,
        defaultFields,
        statusMap: dto.statusMap ?? {},
        redactionRules: dto.redactionRules ?? [],
        autoPublish: dto.autoPublish ?? false,
        acknowledgeWithinDays: dto.acknowledgeWithinDays ?? 5,
        notificationRules: dto.notificationRules ?? [],
        accessExpiresAt: dto.accessExpiresAt ? new Date(dto.accessExpiresAt) : null,
        archivedAt: null,
      });
      const saved = await manager.save(entity).catch(mapForeignKeyError);
      await this.audit.record(
        {
          action: 'workspace.created',
          actor: user,
          orgId: saved.supplierOrgId,
          workspaceId: saved.id,
          resourceType: 'workspace',
          resourceId: saved.id,
          meta,
        },
        manager,
      );
      return saved;
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateWorkspaceDto, meta?: RequestMeta): Promise<Workspace> {
    await this.checkRules(dto);
    if (dto.defaultFields)
      dto = { ...dto, defaultFields: await this.fieldCatalogue.resolve(dto.defaultFields, 'defaultFields') };
    return this.dataSource.transaction(async (manager) => {
      const workspace = await this.getAccessible(user, id, 'update', manager);
      // Field rules, e.g. co-owners may change the settings but not who co-owns the workspace.
      const ability = this.abilities.createForUser(user);
      const refused = Object.keys(dto).filter(
        (field) =>
          dto[field as keyof UpdateWorkspaceDto] !== undefined &&
          !ability.can('update', subject('Workspace', workspace), field),
      );
      if (refused.length)
        throw new ForbiddenError(
          `Not allowed to change ${refused.join(', ')}`,
          refused.map((field) => ({
            field,
            message: 'may be changed by the workspace owner or an admin only',
          })),
        );
      const changed = this.applyChanges(workspace, dto);
      if (!changed.length) return workspace;
      const saved = await manager.save(workspace).catch(mapForeignKeyError);
      await this.audit.record(
        {
          action: changed.includes('archived')
            ? saved.archivedAt
              ? 'workspace.archived'
              : 'workspace.restored'
            : 'workspace.updated',
          actor: user,
          orgId: saved.supplierOrgId,
          workspaceId: saved.id,
          resourceType: 'workspace',
          resourceId: saved.id,
          meta,
          details: { fields: changed },
        },
        manager,
      );
      return saved;
    });
  }

  private applyChanges(workspace: Workspace, dto: UpdateWorkspaceDto): string[] {
    const changed: string[] = [];
    const { archived, accessExpiresAt, dismissFieldNotice, ...rest } = dto;
    for (const [key, value] of Object.entries(rest) as [keyof typeof rest, unknown][]) {
      if (value === undefined) continue;
      if (value === null && (key === 'name' || key === 'autoPublish' || key === 'acknowledgeWithinDays')) {
        throw new BadInputError('Invalid workspace', [{ field: key, message: 'must not be null' }]);
      }
      (workspace as unknown as Record<string, unknown>)[key] = value ?? emptyValueOf(key);
      changed.push(key);
    }
    if (accessExpiresAt !== undefined) {
      workspace.accessExpiresAt = accessExpiresAt === null ? null : new Date(accessExpiresAt);
      changed.push('accessExpiresAt');
    }
    if (dismissFieldNotice && workspace.fieldNotice) {
      workspace.fieldNotice = null;
      changed.push('fieldNotice');
    }
    if (archived !== undefined && archived !== (workspace.archivedAt !== null)) {
      workspace.archivedAt = archived ? new Date() : null;
      changed.push('archived');
    }
    return changed;
  }

  private async checkRules(dto: {
    redactionRules?: { pattern: string; flags?: string }[];
    jiraScopeJql?: string | null;
    dingtalkWebhook?: string | null;
  }) {
    // Checked again when a notice is delivered (notifications/channel-clients.ts).
    if (dto.dingtalkWebhook)
      await assertEgressAllowed(
        dto.dingtalkWebhook,
        'dingtalkWebhook',
        egressPolicy(this.config, { allowedHosts: DINGTALK_ROBOT_HOSTS }),
      );
    // The scope is wrapped in parentheses and AND-ed with the project; it must not be able to widen it.
    if (dto.jiraScopeJql) assertContainedJql(dto.jiraScopeJql, 'jiraScopeJql');
    if (!dto.redactionRules) return;
    const errors = validateRedactionRules(dto.redactionRules);
    if (errors.length) throw new BadInputError('Invalid redaction rules', errors);
  }

  // Reads the organizations module's table through SQL only to check the kind inside this transaction.
  private async assertSupplierOrg(manager: EntityManager, orgId: string) {
    if (!(await this.organizations.isSupplier(orgId, manager))) {
      throw new PolicyViolationError('Workspaces are shared with a supplier organisation', [
        { field: 'supplierOrgId', message: 'must be an existing supplier organisation' },
      ]);
    }
  }
}

/** Suppliers lose access the moment a workspace is archived or expires (docs/architecture.md). */
export function liveWorkspace(alias: string): Brackets {
  return new Brackets((b) =>
    b
      .where(`${alias}.archived_at IS NULL`)
      .andWhere(`(${alias}.access_expires_at IS NULL OR ${alias}.access_expires_at > now())`),
  );
}

/** What `null` in a PATCH means for a column that cannot hold null. */
function emptyValueOf(key: string): unknown {
  if (
    key === 'coOwnerIds' ||
    key === 'defaultFields' ||
    key === 'redactionRules' ||
    key === 'notificationRules'
  )
    return [];
  if (key === 'statusMap') return {};
  if (key === 'jiraIssueType') return DEFAULT_JIRA_ISSUE_TYPE;
  return null;
}

function mapForeignKeyError(error: unknown): never {
  if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23503') {
    throw new PolicyViolationError('A referenced record does not exist', [
      { field: 'ownerId', message: 'must reference an existing user' },
    ]);
  }
  throw error;
}
