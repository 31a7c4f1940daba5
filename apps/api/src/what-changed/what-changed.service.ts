import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AbilityFactory, accessibleWhere, AuthUser } from '@portico/auth';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DefectStatusEvent, Defect } from '../feedback';
import { FileRevision, FileEntity } from '../files';
import { SharedItem, OVERDUE } from '../sharing';
import { Workspace, WorkspacesService } from '../workspaces';
import { PurchaseOrdersService } from '../purchase-orders';

/** Coming back within this gap continues the same visit, so reloads keep showing the same news. */
export const VISIT_GAP_MINUTES = 30;

export type ChangeKind = 'new_item' | 'new_version' | 'defect_status' | 'file_review' | 'order_change';

export interface Change {
  kind: ChangeKind;
  at: Date;
  workspaceId: string;
  workspaceName: string;
  /** Item title, defect title, or "D-102 rev B". */
  title: string;
  /** Portal path of the place it happened. */
  link: string;
  /** new_version: the latest version; new_item / new_version: how many the user has not opened. */
  version?: number;
  unseenVersions?: number;
  /** defect_status: the supplier-facing status; file_review: approved | changes_requested. */
  status?: string;
  /** file_review: the reviewer's note. */
  note?: string | null;
  /** new_item / new_version: the shared due date (yyyy-mm-dd) of the latest version, and whether it has passed. */
  dueDate?: string | null;
  overdue?: boolean;
  /** new_version: the shared due date moved since the version the user last opened. */
  dueDateChange?: { from: string | null; to: string | null };
  /** order_change: what Kingdee changed on a purchase order line (or the order), old → new. */
  orderChange?: { field: string; from: string | null; to: string | null };
}

export interface WhatChanged {
  /** The end of the user's previous visit; null on their first. */
  since: Date | null;
  changes: Change[];
}

/**
 * "What changed" on the landing page: new shared items and versions the user has not opened yet, and
 * defect status changes and drawing reviews since their previous visit, across every workspace they
 * may read. One query per kind over all workspaces (no request per workspace); each filtered in SQL
 * by the caller's CASL rules and, for suppliers, by live workspaces and non-withdrawn items.
 */
@Injectable()
export class WhatChangedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly abilities: AbilityFactory,
    private readonly workspaces: WorkspacesService,
    private readonly purchaseOrders: PurchaseOrdersService,
  ) {}

  async forUser(user: AuthUser, limit: number): Promise<WhatChanged> {
    const since = await this.recordVisit(user);
    const [items, defects, reviews, orders] = await Promise.all([
      this.unseenItems(user, limit),
      this.defectStatusChanges(user, since, limit),
      this.fileReviews(user, since, limit),
      this.orderChanges(user, since, limit),
    ]);
    const changes = [...items, ...defects, ...reviews, ...orders]
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, limit);
    return { since, changes };
  }

  /**
   * Continues the current visit, or starts a new one whose news begins where the previous visit
   * ended. One statement, so two tabs loading at once agree. Returns the visit's start boundary.
   */
  private async recordVisit(user: AuthUser): Promise<Date | null> {
    const rows: { since: Date | null }[] = await this.dataSource.query(
      `INSERT INTO user_visit (user_id, visit_since, last_seen_at) VALUES ($1, NULL, now())
       ON CONFLICT (user_id) DO UPDATE SET
         visit_since = CASE WHEN user_visit.last_seen_at < now() - make_interval(mins => $2)
                            THEN user_visit.last_seen_at ELSE user_visit.visit_since END,
         last_seen_at = now()
       RETURNING visit_since AS since`,
      [user.id, VISIT_GAP_MINUTES],
    );
    return rows[0]?.since ?? null;
  }

  private async unseenItems(user: AuthUser, limit: number): Promise<Change[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select([
        'item.id AS id',
        'item.latest_title AS title',
        'item.latest_version AS "latestVersion"',
        'item.last_published_at AS at',
        'COALESCE(seen.last_seen_version, 0) AS "seenVersion"',
        `to_char(item.latest_due_date, 'YYYY-MM-DD') AS "dueDate"`,
        `COALESCE(${OVERDUE}, false) AS overdue`,
        // The due date of the version the user last opened, to show a moved one as old -> new.
        `(SELECT left(f->>'value', 10) FROM shared_item_version sv, jsonb_array_elements(sv.snapshot->'fields') f
           WHERE sv.item_id = item.id AND sv.version = seen.last_seen_version AND f->>'name' = 'dueDate' LIMIT 1) AS "seenDueDate"`,
        'workspace.id AS "workspaceId"',
        'workspace.name AS "workspaceName"',
      ])
      .from(SharedItem, 'item')
      .innerJoin(Workspace, 'workspace', 'workspace.id = item.workspace_id')
      .leftJoin('shared_item_view', 'seen', 'seen.item_id = item.id AND seen.user_id = :userId', {
        userId: user.id,
      })
      .where(accessibleWhere(this.abilities.createForUser(user), 'read', 'SharedItem', 'item'))
      .andWhere('item.withdrawn_at IS NULL')
      .andWhere('item.last_published_at IS NOT NULL')
      .andWhere('item.latest_version > COALESCE(seen.last_seen_version, 0)')
      .orderBy('item.last_published_at', 'DESC')
      .limit(limit);
    this.workspaces.applyAccessFilter(qb, 'workspace', user);
    const rows = await qb.getRawMany<{
      id: string;
      title: string | null;
      latestVersion: number;
      at: Date;
      seenVersion: number;
      dueDate: string | null;
      overdue: boolean;
      seenDueDate: string | null;
      workspaceId: string;
      workspaceName: string;
    }>();
    return rows.map((r) => ({
      kind: Number(r.seenVersion) === 0 ? 'new_item' : 'new_version',
      dueDate: r.dueDate,
      overdue: r.overdue === true,
      ...(Number(r.seenVersion) > 0 && (r.seenDueDate ?? null) !== r.dueDate
        ? { dueDateChange: { from: r.seenDueDate ?? null, to: r.dueDate } }
        : {}),
      at: new Date(r.at),
      workspaceId: r.workspaceId,
      workspaceName: r.workspaceName,
      title: r.title ?? '',
      link: `/items/${r.id}`,
      version: Number(r.latestVersion),
      unseenVersions: Number(r.latestVersion) - Number(r.seenVersion),
    }));
  }

  /** The newest supplier-facing status per defect changed since the boundary (never the Jira name). */
  private async defectStatusChanges(user: AuthUser, since: Date | null, limit: number): Promise<Change[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select([
        'defect.id AS id',
        'defect.title AS title',
        'event.supplier_status AS status',
        'event.at AS at',
        'workspace.id AS "workspaceId"',
        'workspace.name AS "workspaceName"',
      ])
      .from(DefectStatusEvent, 'event')
      .innerJoin(Defect, 'defect', 'defect.id = event.defect_id')
      .innerJoin(Workspace, 'workspace', 'workspace.id = defect.workspace_id')
      .where(accessibleWhere(this.abilities.createForUser(user), 'read', 'Defect', 'defect'))
      // The first entry is the report itself, not a change of status.
      .andWhere("event.source <> 'reported'")
      .orderBy('event.at', 'DESC')
      .limit(limit * 4);
    this.since(qb, 'event.at', since);
    this.workspaces.applyAccessFilter(qb, 'workspace', user);
    const rows = await qb.getRawMany<{
      id: string;
      title: string;
      status: string;
      at: Date;
      workspaceId: string;
      workspaceName: string;
    }>();
    const newest = new Map<string, Change>();
    for (const r of rows) {
      if (newest.has(r.id)) continue;
      newest.set(r.id, {
        kind: 'defect_status',
        at: new Date(r.at),
        workspaceId: r.workspaceId,
        workspaceName: r.workspaceName,
        title: r.title,
        link: `/defects/${r.id}`,
        status: r.status,
      });
    }
    return [...newest.values()].slice(0, limit);
  }

  private async fileReviews(user: AuthUser, since: Date | null, limit: number): Promise<Change[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select([
        'file.id AS "fileId"',
        'file.document_number AS "documentNumber"',
        'revision.label AS label',
        'revision.review_state AS status',
        'revision.review_note AS note',
        'revision.reviewed_at AS at',
        'workspace.id AS "workspaceId"',
        'workspace.name AS "workspaceName"',
      ])
      .from(FileRevision, 'revision')
      .innerJoin(FileEntity, 'file', 'file.id = revision.file_id')
      .innerJoin(Workspace, 'workspace', 'workspace.id = file.workspace_id')
      .where(accessibleWhere(this.abilities.createForUser(user), 'read', 'FileRevision', 'revision'))
      .andWhere("revision.review_state IN ('approved', 'changes_requested')")
      .andWhere("revision.state IN ('available', 'superseded')")
      .andWhere('revision.reviewed_at IS NOT NULL')
      .orderBy('revision.reviewed_at', 'DESC')
      .limit(limit);
    this.since(qb, 'revision.reviewed_at', since);
    this.workspaces.applyAccessFilter(qb, 'workspace', user);
    const rows = await qb.getRawMany<{
      fileId: string;
      documentNumber: string;
      label: string | null;
      status: string;
      note: string | null;
      at: Date;
      workspaceId: string;
      workspaceName: string;
    }>();
    return rows.map((r) => ({
      kind: 'file_review',
      at: new Date(r.at),
      workspaceId: r.workspaceId,
      workspaceName: r.workspaceName,
      title: r.label ? `${r.documentNumber} rev ${r.label}` : r.documentNumber,
      link: `/files/${r.fileId}`,
      status: r.status,
      note: r.note,
    }));
  }

  /** Asked of the purchase-orders module, which owns Kingdee's changes. */
  private async orderChanges(user: AuthUser, since: Date | null, limit: number): Promise<Change[]> {
    const rows = await this.purchaseOrders.changesSince(user, since, limit);
    return rows.map((r) => ({
      kind: 'order_change',
      at: r.at,
      workspaceId: r.workspaceId,
      workspaceName: r.workspaceName,
      title: r.lineNumber ? `${r.orderNumber} / ${r.lineNumber} ${r.materialName}` : r.orderNumber,
      link: `/purchase-orders/${r.orderId}`,
      orderChange: { field: r.field, from: r.from, to: r.to },
    }));
  }

  private since(qb: SelectQueryBuilder<ObjectLiteral>, column: string, since: Date | null): void {
    if (since) qb.andWhere(`${column} > :since`, { since });
  }
}
