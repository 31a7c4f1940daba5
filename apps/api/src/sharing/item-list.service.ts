import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AbilityFactory, accessibleWhere, AuthUser } from '@portico/auth';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { BadInputError, decodeCursor, encodeCursor, Page } from '../common';
import { Workspace, WorkspacesService } from '../workspaces';
import { SharedItem } from './entities/shared-item.entity';
import { fieldOf, ItemSnapshot } from './projection/snapshot';

/** The rules of an ability as text, made once per ability (abilities are shared per caller, see libs/auth). */
const rulesKeys = new WeakMap<object, string>();
function rulesKey(ability: { rules: unknown }): string {
  let key = rulesKeys.get(ability);
  if (key === undefined) rulesKeys.set(ability, (key = JSON.stringify(ability.rules)));
  return key;
}

/** Marks a placeholder value in a cached list SQL template (see listSql). */
const SLOT = '\u0000slot:';

/** A published item is overdue when its shared due date has passed and its source is not finished. */
export const OVERDUE = '(item.latest_due_date < CURRENT_DATE AND NOT item.latest_done)';

/** Where items without a due date sort when sorting by due date: after every real date. */
const NO_DUE_DATE = '9999-12-31';

export type ItemSort = 'published' | 'dueDate';

export interface ItemListFilter {
  limit?: number;
  cursor?: string;
  type?: SharedItem['sourceType'];
  status?: string;
  updatedSince?: string;
  q?: string;
  unseen?: boolean;
  /** `published` (default): newest publication first; `dueDate`: earliest shared due date first, undated last. */
  sort?: ItemSort;
  /** Only items whose shared due date is today or within this many days. */
  dueWithinDays?: number;
  /** Only items whose shared due date has passed. */
  overdue?: boolean;
}

/** A list row straight from SQL (no entity hydration: this is the suppliers' hot path). */
export interface ItemRow {
  id: string;
  workspaceId: string;
  type: SharedItem['sourceType'];
  title: string | null;
  status: string | null;
  latestVersion: number;
  lastPublishedAt: Date | null;
  /** The published due date (yyyy-mm-dd) and priority, when those fields are shared. */
  dueDate: string | null;
  priority: string | null;
  overdue: boolean;
  /** Internal lists only (suppliers' lists sort by lastPublishedAt). */
  sortAt?: Date;
  /** Due-date sort only: the due date the cursor continues from. */
  dueKey?: string;
  lastSeenVersion: number;
  sourceRef?: string;
  fields?: string[];
  redactionRules?: SharedItem['redactionRules'];
  hasDraft?: boolean;
  flag?: string | null;
  withdrawnAt?: Date | null;
  createdAt?: Date;
}

/** `yyyy-mm-dd` when it is a real calendar day (PostgreSQL refuses 2026-02-30), else null. */
function calendarDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value) ? value : null;
}

/** The due date and priority a version shares, as the list's columns keep them (null when not shared). */
export function listedFacts(
  snapshot: ItemSnapshot,
  done: boolean,
): { latestDueDate: string | null; latestPriority: string | null; latestDone: boolean } {
  const due = fieldOf(snapshot, 'dueDate')?.value;
  const priority = fieldOf(snapshot, 'priority')?.value;
  return {
    latestDueDate: typeof due === 'string' ? calendarDate(due.slice(0, 10)) : null,
    latestPriority: typeof priority === 'string' ? priority.slice(0, 100) : null,
    latestDone: done,
  };
}

/** One shared due date, as the calendar feed needs it. */
export interface DueDateRow {
  itemId: string;
  title: string | null;
  latestVersion: number;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  workspaceId: string;
  workspaceName: string;
}

/** The workspace items list, for suppliers (published content only) and for the workspace's PMs. */
@Injectable()
export class ItemListService {
  private readonly listTemplates = new Map<
    string,
    { sql: string; params: unknown[]; slots: (string | null)[] }
  >();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
    private readonly abilities: AbilityFactory,
  ) {}

  async listItems(user: AuthUser, workspaceId: string, query: ItemListFilter): Promise<Page<ItemRow>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor);
    const { sql, params } = this.listSql(user, workspaceId, query);
    // Straight to pg's pool: TypeORM's query runner adds a connect/release round and result wrapping per call.
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<ItemRow>(sql, params);
    if (!rows.length && !after) await this.workspaces.getAccessible(user, workspaceId); // 404 for an invisible workspace
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor(last.dueKey ?? last.sortAt ?? (last.lastPublishedAt as Date), last.id)
        : null;
    return { items, nextCursor };
  }

  /**
   * The SQL of the items list: the CASL rules of libs/auth in SQL, raw rows (no entity hydration:
   * this is the suppliers' hot path). Building it with the query builder costs more CPU than running
   * it, so the SQL is built once per rule set and filter shape with placeholder values, then reused
   * with the request's values in their parameter slots.
   */
  listSql(user: AuthUser, workspaceId: string, query: ItemListFilter): { sql: string; params: unknown[] } {
    const after = decodeCursor(query.cursor);
    const byDue = query.sort === 'dueDate';
    // A cursor of the due-date order holds a date; one of the other order cannot continue it.
    if (after && byDue !== /^\d{4}-\d{2}-\d{2}$/.test(after.at))
      throw new BadInputError('Invalid cursor', [
        { field: 'cursor', message: 'belongs to a list in another sort order' },
      ]);
    const values: Record<string, unknown> = {
      workspaceId,
      userId: user.id,
      type: query.type,
      status: query.status,
      since: query.updatedSince,
      q: query.q === undefined ? undefined : `%${query.q.replace(/[\\%_]/g, '\\$&')}%`,
      dueWithin: query.dueWithinDays,
      afterAt: after?.at,
      afterId: after?.id,
    };
    const limit = (query.limit ?? 50) + 1;
    const ability = this.abilities.createForUser(user);
    const shape = Object.keys(values).filter((k) => values[k] !== undefined);
    const flags = [user.orgKind, shape, query.unseen === true, query.overdue === true, byDue, limit];
    const key = `${rulesKey(ability)}|${JSON.stringify(flags)}`;
    let template = this.listTemplates.get(key);
    if (!template) {
      const slot = (name: string) => (values[name] === undefined ? undefined : `${SLOT}${name}`);
      const qb = this.listQuery(user, slot('workspaceId') as string, slot('userId') as string, {
        type: slot('type') as SharedItem['sourceType'] | undefined,
        status: slot('status'),
        since: slot('since'),
        q: slot('q'),
        dueWithin: slot('dueWithin'),
        after: after ? { at: slot('afterAt') as string, id: slot('afterId') as string } : null,
        unseen: query.unseen === true,
        overdue: query.overdue === true,
        byDue,
        limit,
      });
      const [sql, params] = qb.getQueryAndParameters();
      template = {
        sql,
        params,
        slots: params.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? p.slice(SLOT.length) : null)),
      };
      if (this.listTemplates.size >= 1000) this.listTemplates.clear();
      this.listTemplates.set(key, template);
    }
    const { sql, params, slots } = template;
    return { sql, params: slots.map((name, i) => (name === null ? params[i] : values[name])) };
  }

  /**
   * Every published, not withdrawn item the user can see that shares a due date (its latest published
   * version's), across all their workspaces: what the calendar feed lists.
   */
  async dueDates(user: AuthUser): Promise<DueDateRow[]> {
    const ability = this.abilities.createForUser(user);
    const qb = this.dataSource
      .createQueryBuilder()
      .select([
        'item.id AS "itemId"',
        'item.latest_title AS title',
        'item.latest_version AS "latestVersion"',
        `to_char(item.latest_due_date, 'YYYY-MM-DD') AS "dueDate"`,
        'workspace.id AS "workspaceId"',
        'workspace.name AS "workspaceName"',
      ])
      .from(SharedItem, 'item')
      .innerJoin(Workspace, 'workspace', 'workspace.id = item.workspace_id')
      .where(accessibleWhere(ability, 'read', 'SharedItem', 'item'))
      .andWhere('item.withdrawn_at IS NULL')
      .andWhere('item.latest_version > 0')
      .andWhere('item.latest_due_date IS NOT NULL');
    this.workspaces.applyAccessFilter(qb, 'workspace', user);
    return qb.orderBy('item.latest_due_date', 'ASC').addOrderBy('item.id', 'ASC').limit(5000).getRawMany();
  }

  private listQuery(
    user: AuthUser,
    workspaceId: string,
    userId: string,
    f: {
      type?: string;
      status?: string;
      since?: string;
      q?: string;
      dueWithin?: string;
      after: { at: string; id: string } | null;
      unseen: boolean;
      overdue: boolean;
      byDue: boolean;
      limit: number;
    },
  ) {
    const ability = this.abilities.createForUser(user);
    const supplierView = user.orgKind === 'supplier';
    const publishedKey = supplierView
      ? 'item.last_published_at'
      : 'COALESCE(item.last_published_at, item.created_at)';
    const dueKey = `COALESCE(item.latest_due_date, DATE '${NO_DUE_DATE}')`;
    const qb = this.dataSource
      .createQueryBuilder()
      .select([
        'item.id AS id',
        'item.workspace_id AS "workspaceId"',
        'item.source_type AS type',
        'item.latest_title AS title',
        'item.latest_status AS status',
        'item.latest_version AS "latestVersion"',
        'item.last_published_at AS "lastPublishedAt"',
        `to_char(item.latest_due_date, 'YYYY-MM-DD') AS "dueDate"`,
        'item.latest_priority AS priority',
        `COALESCE(${OVERDUE}, false) AS overdue`,
        'COALESCE(seen.last_seen_version, 0) AS "lastSeenVersion"',
      ])
      .from(SharedItem, 'item')
      .innerJoin(Workspace, 'workspace', 'workspace.id = item.workspace_id')
      .leftJoin('shared_item_view', 'seen', 'seen.item_id = item.id AND seen.user_id = :userId', { userId })
      .where('item.workspace_id = :workspaceId', { workspaceId })
      .andWhere(accessibleWhere(ability, 'read', 'SharedItem', 'item'))
      .andWhere('item.withdrawn_at IS NULL');
    if (supplierView) {
      this.workspaces.applyAccessFilter(qb, 'workspace', user);
      qb.andWhere('item.latest_version > 0');
    } else {
      // Suppliers' lists sort by lastPublishedAt itself; only here is the sort key a column of its own.
      qb.addSelect([
        `${publishedKey} AS "sortAt"`,
        'item.source_ref AS "sourceRef"',
        'item.field_allowlist AS fields',
        'item.redaction_rules AS "redactionRules"',
        'item.draft IS NOT NULL AS "hasDraft"',
        'item.flag AS flag',
        'item.withdrawn_at AS "withdrawnAt"',
        'item.created_at AS "createdAt"',
      ]);
    }
    if (f.byDue) qb.addSelect(`to_char(${dueKey}, 'YYYY-MM-DD') AS "dueKey"`);
    if (f.type) qb.andWhere('item.source_type = :type', { type: f.type });
    if (f.status) qb.andWhere('item.latest_status = :status', { status: f.status });
    if (f.since) qb.andWhere('item.last_published_at >= CAST(:since AS timestamptz)', { since: f.since });
    if (f.q) qb.andWhere(`item.latest_title ILIKE :q ESCAPE '\\'`, { q: f.q });
    if (f.unseen) qb.andWhere('item.latest_version > COALESCE(seen.last_seen_version, 0)');
    if (f.overdue) qb.andWhere(OVERDUE);
    if (f.dueWithin)
      qb.andWhere('item.latest_due_date BETWEEN CURRENT_DATE AND CURRENT_DATE + CAST(:dueWithin AS int)', {
        dueWithin: f.dueWithin,
      });
    if (f.byDue) {
      if (f.after)
        qb.andWhere(`(${dueKey}, item.id) > (CAST(:afterAt AS date), CAST(:afterId AS uuid))`, {
          afterAt: f.after.at,
          afterId: f.after.id,
        });
      return qb.orderBy(dueKey, 'ASC').addOrderBy('item.id', 'ASC').limit(f.limit);
    }
    if (f.after)
      qb.andWhere(`(${publishedKey}, item.id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))`, {
        afterAt: f.after.at,
        afterId: f.after.id,
      });
    return qb.orderBy(publishedKey, 'DESC').addOrderBy('item.id', 'DESC').limit(f.limit);
  }
}
