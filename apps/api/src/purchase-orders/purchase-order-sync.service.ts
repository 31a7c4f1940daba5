import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  KINGDEE_CLIENT,
  KingdeeClient,
  PurchaseOrderLine as KingdeeLine,
  readPurchaseOrderLines,
} from '@portico/connectors/kingdee';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, APP_CONFIG } from '../config';
import { announce } from '../notification-events';
import { defineJob, JobQueue } from '../sync';
import { KingdeeSupplierLink } from './entities/kingdee-supplier-link.entity';
import { PurchaseOrderLine } from './entities/purchase-order-line.entity';
import { PurchaseOrder } from './entities/purchase-order.entity';
import { requireKingdee } from './kingdee-client.provider';

export const KINGDEE_SYNC_QUEUE = defineJob<Record<string, never>>('kingdee.sync');

export interface RefreshResult {
  orders: number;
  lines: number;
  changes: number;
}

interface Change {
  orderId: string;
  lineId: string | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

const HEADER_FIELDS = ['documentStatus', 'closed', 'cancelled'] as const;
const LINE_FIELDS = ['deliveryDate', 'quantity', 'closed'] as const;
const same = (a: unknown, b: unknown) => String(a ?? '') === String(b ?? '');
/** numeric columns come back as text ("500.000"): compare and store them as plain numbers. */
const numeric = (value: string | number) => String(Number(value));

/**
 * Keeps each linked workspace's purchase orders in step with Kingdee (ExecuteBillQuery): on KINGDEE_SYNC_CRON
 * for every link, and on demand for one. Every difference to what was kept becomes a change the supplier
 * sees in "What changed", old → new; accepted dates Kingdee now shows become confirmed.
 */
@Injectable()
export class PurchaseOrderSyncService {
  private readonly logger = new Logger(PurchaseOrderSyncService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KINGDEE_CLIENT) private readonly kingdee: KingdeeClient | null,
    private readonly queue: JobQueue,
  ) {}

  /** Called by the module: pg-boss creates queues one at a time (concurrent creation deadlocks). */
  async registerJobs(): Promise<void> {
    if (!this.kingdee || !this.config.kingdee) return;
    await this.queue.register(KINGDEE_SYNC_QUEUE, () => this.refreshAll(), {
      target: 'kingdee',
      concurrency: 1,
      expireInSeconds: 600,
      maxAttempts: 2,
      policy: 'singleton',
    });
    await this.queue.schedule(KINGDEE_SYNC_QUEUE, this.config.kingdee.syncCron, {});
  }

  async refreshAll(): Promise<void> {
    const links = await this.dataSource.getRepository(KingdeeSupplierLink).find();
    for (const link of links) {
      // One supplier's failure (e.g. a number Kingdee no longer knows) must not stop the others.
      await this.refresh(link.workspaceId).catch((error: Error) =>
        this.logger.warn(`Kingdee refresh of workspace ${link.workspaceId} failed: ${error.message}`),
      );
    }
  }

  async refresh(workspaceId: string): Promise<RefreshResult> {
    const link = await this.dataSource.getRepository(KingdeeSupplierLink).findOneBy({ workspaceId });
    if (!link) return { orders: 0, lines: 0, changes: 0 };
    let lines: KingdeeLine[];
    try {
      lines = await readPurchaseOrderLines(requireKingdee(this.kingdee), link.supplierNumber);
    } catch (error) {
      await this.dataSource
        .getRepository(KingdeeSupplierLink)
        .update({ workspaceId }, { lastSyncError: (error as Error).message.slice(0, 1000) });
      throw error;
    }
    return this.dataSource.transaction(async (manager) => {
      // Two refreshes of one workspace (schedule and a click) apply one after the other.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('portico.kingdee:' || $1))`, [workspaceId]);
      const result = await this.apply(manager, workspaceId, lines);
      await manager
        .getRepository(KingdeeSupplierLink)
        .update({ workspaceId }, { lastSyncedAt: new Date(), lastSyncError: null });
      return result;
    });
  }

  private async apply(
    manager: EntityManager,
    workspaceId: string,
    lines: KingdeeLine[],
  ): Promise<RefreshResult> {
    const orders = manager.getRepository(PurchaseOrder);
    const orderLines = manager.getRepository(PurchaseOrderLine);
    const kept = new Map((await orders.findBy({ workspaceId })).map((o) => [String(o.kingdeeId), o]));
    const keptLines = new Map(
      (kept.size
        ? await orderLines
            .createQueryBuilder('line')
            .where('line.order_id IN (:...ids)', { ids: [...kept.values()].map((o) => o.id) })
            .getMany()
        : []
      ).map((l) => [`${l.orderId}:${l.entryId}`, l]),
    );
    const changes: Change[] = [];
    const byOrder = new Map<number, KingdeeLine[]>();
    for (const line of lines) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
    const now = new Date();

    for (const [kingdeeId, entries] of byOrder) {
      const head = entries[0];
      const values = {
        workspaceId,
        kingdeeId: String(kingdeeId),
        number: head.orderNumber,
        orderDate: head.orderDate,
        documentStatus: head.documentStatus,
        closed: head.closeStatus === 'B',
        cancelled: head.cancelled,
        purchasingOrg: head.purchasingOrg.slice(0, 300),
        buyer: head.buyer.slice(0, 300),
        syncedAt: now,
      };
      const before = kept.get(String(kingdeeId));
      const order = await orders.save(before ? orders.merge(before, values) : orders.create(values));
      if (!before)
        changes.push({
          orderId: order.id,
          lineId: null,
          field: 'order',
          oldValue: null,
          newValue: order.number,
        });
      else
        for (const field of HEADER_FIELDS)
          if (!same(before[field], values[field]))
            changes.push({
              orderId: order.id,
              lineId: null,
              field,
              oldValue: String(before[field]),
              newValue: String(values[field]),
            });
      kept.delete(String(kingdeeId));

      for (const entry of entries) {
        const lineValues = {
          orderId: order.id,
          entryId: String(entry.entryId),
          lineNumber: entry.lineNumber,
          materialNumber: entry.materialNumber.slice(0, 100),
          materialName: entry.materialName.slice(0, 300),
          specification: entry.specification.slice(0, 300),
          quantity: numeric(entry.quantity),
          unit: entry.unit.slice(0, 40),
          deliveryDate: entry.deliveryDate,
          receivedQuantity: numeric(entry.receivedQuantity),
          remainingQuantity: numeric(entry.remainingQuantity),
          closed: entry.lineClosed,
        };
        const previous = keptLines.get(`${order.id}:${entry.entryId}`);
        const comparable = previous && { ...previous, quantity: numeric(previous.quantity) };
        const line = await orderLines.save(
          previous ? orderLines.merge(previous, lineValues) : orderLines.create(lineValues),
        );
        if (before && !comparable)
          changes.push({
            orderId: order.id,
            lineId: line.id,
            field: 'line',
            oldValue: null,
            newValue: entry.materialName,
          });
        if (comparable)
          for (const field of LINE_FIELDS)
            if (!same(comparable[field], lineValues[field]))
              changes.push({
                orderId: order.id,
                lineId: line.id,
                field,
                oldValue: comparable[field] === null ? null : String(comparable[field]),
                newValue: lineValues[field] === null ? null : String(lineValues[field]),
              });
      }
    }
    // Orders Kingdee no longer returns for this supplier were deleted or moved: they show as cancelled.
    for (const gone of kept.values()) {
      if (gone.cancelled) continue;
      await orders.update({ id: gone.id }, { cancelled: true, syncedAt: now });
      changes.push({
        orderId: gone.id,
        lineId: null,
        field: 'cancelled',
        oldValue: 'false',
        newValue: 'true',
      });
    }

    for (const change of changes)
      await manager.query(
        `INSERT INTO purchase_order_change (workspace_id, order_id, line_id, field, old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6)`,
        [workspaceId, change.orderId, change.lineId, change.field, change.oldValue, change.newValue],
      );
    await this.announceChanges(manager, workspaceId, changes);
    // An accepted date the buyer (or a Save) put into Kingdee is now confirmed there.
    await manager.query(
      `UPDATE delivery_confirmation c SET write_back = 'confirmed', write_back_error = NULL
         FROM purchase_order_line l
        WHERE c.line_id = l.id AND c.workspace_id = $1 AND c.state = 'accepted'
          AND c.write_back IN ('buyer_to_change', 'written', 'queued', 'failed') AND l.delivery_date = c.proposed_date`,
      [workspaceId],
    );
    return { orders: byOrder.size, lines: lines.length, changes: changes.length };
  }

  /** One notice per changed order, so a Kingdee edit of many lines is one message, not many. */
  private async announceChanges(
    manager: EntityManager,
    workspaceId: string,
    changes: Change[],
  ): Promise<void> {
    const orderIds = [...new Set(changes.filter((c) => c.field !== 'order').map((c) => c.orderId))];
    for (const orderId of orderIds) {
      const [{ number }] = await manager.query(`SELECT number FROM purchase_order WHERE id = $1`, [orderId]);
      await announce(this.queue, manager, {
        event: 'purchase_order.changed',
        workspaceId,
        actorId: null,
        subject: { type: 'purchase_order', id: orderId },
        title: number,
        path: `/purchase-orders/${orderId}`,
      });
    }
  }
}
