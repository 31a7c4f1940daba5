import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AbilityFactory, accessibleWhere, AuthUser } from '@portico/auth';
import { findSupplier, KINGDEE_CLIENT, KingdeeClient, KingdeeError } from '@portico/connectors/kingdee';
import { DataSource } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import {
  BadInputError,
  NotFoundError,
  ServiceUnavailableError,
  decodeCursor,
  encodeCursor,
  Page,
} from '../common';
import { SharingService } from '../sharing';
import { Workspace, WorkspacesService } from '../workspaces';
import { DeliveryConfirmation } from './entities/delivery-confirmation.entity';
import { KingdeeSupplierLink } from './entities/kingdee-supplier-link.entity';
import { PurchaseOrderLine } from './entities/purchase-order-line.entity';
import { PurchaseOrder } from './entities/purchase-order.entity';
import { requireKingdee } from './kingdee-client.provider';
import { PurchaseOrderSyncService, RefreshResult } from './purchase-order-sync.service';

export interface OrderListFilter {
  /** `open` (default): approved, not closed, not cancelled; `all`: every order. */
  status?: 'open' | 'all';
  /** Orders with an open line due within this many days (overdue ones included). */
  dueWithinDays?: number;
  /** Orders with an open line past its delivery date. */
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

export interface OrderSummary extends PurchaseOrder {
  lineCount: number;
  nextDeliveryDate: string | null;
  overdueLines: number;
}

export interface OrderDetail {
  order: PurchaseOrder;
  lines: PurchaseOrderLine[];
  /** The newest answer per line. */
  confirmations: Map<string, DeliveryConfirmation>;
  items: { id: string; title: string | null }[];
}

/** A change Kingdee made to an order since the reader's last visit (fields of purchase_order_change). */
export interface OrderChangeRow {
  orderId: string;
  orderNumber: string;
  lineNumber: number | null;
  materialName: string | null;
  /** order (new order), line (new line), deliveryDate, quantity, closed, documentStatus, cancelled */
  field: string;
  from: string | null;
  to: string | null;
  at: Date;
  workspaceId: string;
  workspaceName: string;
}

/** A line is open while Kingdee has not closed it and something is still to be delivered. */
const OPEN_LINE = `NOT line.closed AND line.remaining_quantity > 0`;

/** Purchase orders of Kingdee, per workspace: the supplier mapping, lists, order pages, schedule, item links. */
@Injectable()
export class PurchaseOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KINGDEE_CLIENT) private readonly kingdee: KingdeeClient | null,
    private readonly abilities: AbilityFactory,
    private readonly workspaces: WorkspacesService,
    private readonly sharing: SharingService,
    private readonly sync: PurchaseOrderSyncService,
    private readonly audit: AuditService,
  ) {}

  get configured(): boolean {
    return this.kingdee !== null;
  }

  async getSupplierLink(user: AuthUser, workspaceId: string): Promise<KingdeeSupplierLink | null> {
    await this.workspaces.getAccessible(user, workspaceId, 'read');
    return this.dataSource.getRepository(KingdeeSupplierLink).findOneBy({ workspaceId });
  }

  /** Maps the workspace's supplier to a Kingdee supplier number, checked against Kingdee's supplier list. */
  async setSupplierLink(
    user: AuthUser,
    workspaceId: string,
    supplierNumber: string,
    meta?: RequestMeta,
  ): Promise<{ link: KingdeeSupplierLink; refresh: RefreshResult | null }> {
    const workspace = await this.workspaces.getAccessible(user, workspaceId, 'update');
    let supplier: { number: string; name: string } | null;
    try {
      supplier = await findSupplier(requireKingdee(this.kingdee), supplierNumber);
    } catch (error) {
      if (error instanceof KingdeeError)
        throw new ServiceUnavailableError(`Kingdee did not answer: ${error.message}`);
      throw error;
    }
    if (!supplier)
      throw new BadInputError('Unknown Kingdee supplier', [
        { field: 'supplierNumber', message: `Kingdee has no supplier numbered ${supplierNumber}` },
      ]);
    const repo = this.dataSource.getRepository(KingdeeSupplierLink);
    await this.dataSource.transaction(async (manager) => {
      const previous = await manager.getRepository(KingdeeSupplierLink).findOneBy({ workspaceId });
      // Another supplier's orders are not this one's history: they go with the old mapping.
      if (previous && previous.supplierNumber !== supplier.number)
        await manager.query(`DELETE FROM purchase_order WHERE workspace_id = $1`, [workspaceId]);
      await manager.getRepository(KingdeeSupplierLink).save(
        repo.create({
          workspaceId,
          supplierNumber: supplier.number,
          supplierName: supplier.name,
          linkedBy: user.id,
          lastSyncedAt: previous?.supplierNumber === supplier.number ? previous.lastSyncedAt : null,
        }),
      );
    });
    await this.audit.record({
      action: 'workspace.kingdee_supplier.linked',
      actor: user,
      orgId: workspace.supplierOrgId,
      workspaceId,
      resourceType: 'workspace',
      resourceId: workspaceId,
      meta,
      details: { supplierNumber: supplier.number },
    });
    const refresh = await this.sync.refresh(workspaceId).catch(() => null);
    return { link: (await repo.findOneBy({ workspaceId }))!, refresh };
  }

  /** On demand; anyone who may read the workspace's orders may ask for fresh ones. */
  async refresh(user: AuthUser, workspaceId: string): Promise<RefreshResult> {
    await this.workspaces.getAccessible(user, workspaceId, 'read');
    try {
      return await this.sync.refresh(workspaceId);
    } catch (error) {
      if (error instanceof KingdeeError)
        throw new ServiceUnavailableError(`Kingdee did not answer: ${error.message}`);
      throw error;
    }
  }

  async list(user: AuthUser, workspaceId: string, filter: OrderListFilter): Promise<Page<OrderSummary>> {
    await this.workspaces.getAccessible(user, workspaceId, 'read');
    const after = decodeCursor(filter.cursor);
    const qb = this.dataSource
      .createQueryBuilder(PurchaseOrder, 'po')
      .innerJoin(Workspace, 'workspace', 'workspace.id = po.workspace_id')
      .where('po.workspace_id = :workspaceId', { workspaceId })
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'PurchaseOrder', 'po'))
      .addSelect(`(SELECT count(*) FROM purchase_order_line line WHERE line.order_id = po.id)`, 'line_count')
      .addSelect(
        `(SELECT min(line.delivery_date) FROM purchase_order_line line WHERE line.order_id = po.id AND ${OPEN_LINE})::text`,
        'next_delivery',
      )
      .addSelect(
        `(SELECT count(*) FROM purchase_order_line line WHERE line.order_id = po.id AND ${OPEN_LINE} AND line.delivery_date < CURRENT_DATE)`,
        'overdue_lines',
      )
      .orderBy('po.order_date', 'DESC')
      .addOrderBy('po.id', 'DESC')
      .limit(filter.limit + 1);
    if ((filter.status ?? 'open') === 'open')
      qb.andWhere(`po.document_status = 'C' AND NOT po.closed AND NOT po.cancelled`);
    if (filter.dueWithinDays !== undefined)
      qb.andWhere(
        `EXISTS (SELECT 1 FROM purchase_order_line line WHERE line.order_id = po.id AND ${OPEN_LINE}
                   AND line.delivery_date <= CURRENT_DATE + :days::int)`,
        { days: filter.dueWithinDays },
      );
    if (filter.overdue)
      qb.andWhere(
        `EXISTS (SELECT 1 FROM purchase_order_line line WHERE line.order_id = po.id AND ${OPEN_LINE} AND line.delivery_date < CURRENT_DATE)`,
      );
    if (after) qb.andWhere('(po.order_date, po.id) < (:at::date, :id)', { at: after.at, id: after.id });
    const { entities, raw } = await qb.getRawAndEntities();
    const rows: OrderSummary[] = entities.map((order, i) =>
      Object.assign(order, {
        lineCount: Number(raw[i].line_count),
        nextDeliveryDate: raw[i].next_delivery as string | null,
        overdueLines: Number(raw[i].overdue_lines),
      }),
    );
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor(new Date(`${last.orderDate}T00:00:00Z`), last.id)
          : null,
    };
  }

  /** The order if the caller may read it; another organisation's answers 404 like a missing one. */
  async getAccessible(user: AuthUser, id: string): Promise<PurchaseOrder> {
    const order = await this.dataSource
      .createQueryBuilder(PurchaseOrder, 'po')
      .innerJoinAndSelect('po.workspace', 'workspace')
      .where('po.id = :id', { id })
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'PurchaseOrder', 'po'))
      .getOne();
    // Suppliers lose sight of orders with their workspace (archived, expired).
    if (!order) throw new NotFoundError('Purchase order not found');
    await this.workspaces.getAccessible(user, order.workspaceId, 'read');
    return order;
  }

  async get(user: AuthUser, id: string): Promise<OrderDetail> {
    const order = await this.getAccessible(user, id);
    const lines = await this.dataSource
      .getRepository(PurchaseOrderLine)
      .find({ where: { orderId: id }, order: { lineNumber: 'ASC' } });
    const confirmations = new Map<string, DeliveryConfirmation>();
    if (lines.length) {
      const newest = await this.dataSource
        .getRepository(DeliveryConfirmation)
        .createQueryBuilder('c')
        .distinctOn(['c.line_id'])
        .where('c.line_id IN (:...ids)', { ids: lines.map((l) => l.id) })
        .orderBy('c.line_id')
        .addOrderBy('c.submitted_at', 'DESC')
        .getMany();
      for (const c of newest) confirmations.set(c.lineId, c);
    }
    return { order, lines, confirmations, items: await this.linkedItems(user, id) };
  }

  /** The shared items the PM linked to the order, as far as the caller may read them. */
  private async linkedItems(
    user: AuthUser,
    orderId: string,
  ): Promise<{ id: string; title: string | null }[]> {
    const rows: { item_id: string }[] = await this.dataSource.query(
      `SELECT item_id FROM purchase_order_item_link WHERE order_id = $1 ORDER BY linked_at`,
      [orderId],
    );
    const items = [];
    for (const { item_id } of rows) {
      const access = await this.sharing.getAccessible(user, item_id).catch(() => null);
      if (access) items.push({ id: access.item.id, title: access.item.latestTitle });
    }
    return items;
  }

  /** Replaces the order's links to shared items of the same workspace. */
  async setItemLinks(
    user: AuthUser,
    id: string,
    itemIds: string[],
    meta?: RequestMeta,
  ): Promise<OrderDetail> {
    const order = await this.getAccessible(user, id);
    await this.workspaces.getAccessible(user, order.workspaceId, 'update');
    const errors = [];
    for (const [i, itemId] of itemIds.entries()) {
      const access = await this.sharing.getAccessible(user, itemId).catch(() => null);
      if (!access || access.item.workspaceId !== order.workspaceId)
        errors.push({ field: `itemIds[${i}]`, message: 'is not a shared item of this workspace' });
    }
    if (errors.length) throw new BadInputError('Unknown shared items', errors);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM purchase_order_item_link WHERE order_id = $1`, [id]);
      for (const itemId of new Set(itemIds))
        await manager.query(
          `INSERT INTO purchase_order_item_link (order_id, item_id, linked_by) VALUES ($1, $2, $3)`,
          [id, itemId, user.id],
        );
      await this.audit.record(
        {
          action: 'purchase_order.items_linked',
          actor: user,
          orgId: order.workspace?.supplierOrgId,
          workspaceId: order.workspaceId,
          resourceType: 'purchase_order',
          resourceId: id,
          meta,
          details: { itemIds },
        },
        manager,
      );
    });
    return this.get(user, id);
  }

  /** The orders linked to a shared item (shown on the item page). */
  async ordersOfItem(user: AuthUser, itemId: string): Promise<PurchaseOrder[]> {
    await this.sharing.getAccessible(user, itemId);
    return this.dataSource
      .createQueryBuilder(PurchaseOrder, 'po')
      .innerJoin(Workspace, 'workspace', 'workspace.id = po.workspace_id')
      .innerJoin('purchase_order_item_link', 'link', 'link.order_id = po.id')
      .where('link.item_id = :itemId', { itemId })
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'PurchaseOrder', 'po'))
      .orderBy('po.order_date', 'DESC')
      .getMany();
  }

  /** Kingdee's changes to the orders the caller may read, newest first, since the boundary (for "What changed"). */
  async changesSince(user: AuthUser, since: Date | null, limit: number): Promise<OrderChangeRow[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select([
        'po.id AS "orderId"',
        'po.number AS "orderNumber"',
        'line.line_number AS "lineNumber"',
        'line.material_name AS "materialName"',
        'change.field AS field',
        'change.old_value AS "from"',
        'change.new_value AS "to"',
        'change.changed_at AS at',
        'workspace.id AS "workspaceId"',
        'workspace.name AS "workspaceName"',
      ])
      .from('purchase_order_change', 'change')
      .innerJoin(PurchaseOrder, 'po', 'po.id = change.order_id')
      .innerJoin(Workspace, 'workspace', 'workspace.id = po.workspace_id')
      .leftJoin(PurchaseOrderLine, 'line', 'line.id = change.line_id')
      .where(accessibleWhere(this.abilities.createForUser(user), 'read', 'PurchaseOrder', 'po'))
      .orderBy('change.changed_at', 'DESC')
      .limit(limit);
    if (since) qb.andWhere('change.changed_at > :since', { since });
    this.workspaces.applyAccessFilter(qb, 'workspace', user);
    const rows = await qb.getRawMany<OrderChangeRow>();
    return rows.map((r) => ({ ...r, at: new Date(r.at) }));
  }

  /** Open lines of the workspace's open orders from `from` for `weeks` weeks, by delivery date (the progress schedule). */
  async schedule(
    user: AuthUser,
    workspaceId: string,
    from: string,
    weeks: number,
  ): Promise<(PurchaseOrderLine & { orderNumber: string; orderId: string })[]> {
    await this.workspaces.getAccessible(user, workspaceId, 'read');
    const rows = await this.dataSource
      .createQueryBuilder(PurchaseOrderLine, 'line')
      .innerJoinAndSelect('line.order', 'po')
      .innerJoin(Workspace, 'workspace', 'workspace.id = po.workspace_id')
      .where('po.workspace_id = :workspaceId', { workspaceId })
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'PurchaseOrder', 'po'))
      .andWhere(`po.document_status = 'C' AND NOT po.closed AND NOT po.cancelled AND ${OPEN_LINE}`)
      .andWhere('line.delivery_date IS NOT NULL')
      // Overdue lines stay on the schedule until delivered: they are what needs attention first.
      .andWhere(`line.delivery_date < :from::date + :days::int`, { from, days: weeks * 7 })
      .orderBy('line.delivery_date', 'ASC')
      .addOrderBy('po.number', 'ASC')
      .addOrderBy('line.line_number', 'ASC')
      .limit(1000)
      .getMany();
    return rows.map((line) =>
      Object.assign(line, { orderNumber: line.order!.number, orderId: line.order!.id }),
    );
  }
}
