import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, accessibleWhere, AuthUser } from '@portico/auth';
import {
  KINGDEE_CLIENT,
  KingdeeClient,
  KingdeeError,
  saveDeliveryDates,
  WRITABLE_ORDER_STATUSES,
} from '@portico/connectors/kingdee';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  decodeCursor,
  encodeCursor,
  Page,
} from '../common';
import { announce } from '../notification-events';
import { defineJob, JobQueue, PermanentJobError, QueueJob, SyncEffectService } from '../sync';
import { Workspace } from '../workspaces';
import { ConfirmationState, DeliveryConfirmation } from './entities/delivery-confirmation.entity';
import { PurchaseOrderLine } from './entities/purchase-order-line.entity';
import { PurchaseOrder } from './entities/purchase-order.entity';
import { requireKingdee } from './kingdee-client.provider';
import { PurchaseOrdersService } from './purchase-orders.service';

export const WRITE_DELIVERY_DATE_JOB = defineJob<WriteDeliveryDate>('kingdee.write-delivery-date');
interface WriteDeliveryDate {
  confirmationId: string;
}

export interface ConfirmationInput {
  kind: 'confirm' | 'propose';
  date?: string;
  reason?: string;
}

export interface ConfirmationRow extends DeliveryConfirmation {
  orderId: string;
  orderNumber: string;
  lineNumber: number;
  materialName: string;
}

/** Kingdee's own message for a refused Save: the order moved on to approval since the PM accepted. */
const NOT_OPERABLE = 12;

/**
 * Suppliers answer a line's delivery date (confirm it, or propose another with a reason); the workspace's PM
 * accepts or rejects. An accepted date goes into Kingdee exactly once through the sync queue where Kingdee
 * lets the order change (not approved, not in approval); otherwise the buyer is told to change it in Kingdee,
 * and the next refresh shows it confirmed.
 */
@Injectable()
export class DeliveryConfirmationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KINGDEE_CLIENT) private readonly kingdee: KingdeeClient | null,
    private readonly abilities: AbilityFactory,
    private readonly orders: PurchaseOrdersService,
    private readonly queue: JobQueue,
    private readonly effects: SyncEffectService,
    private readonly audit: AuditService,
  ) {}

  async registerJobs(): Promise<void> {
    await this.queue.register(WRITE_DELIVERY_DATE_JOB, (job) => this.writeBack(job), {
      target: 'kingdee',
    });
  }

  async submit(
    user: AuthUser,
    orderId: string,
    lineId: string,
    input: ConfirmationInput,
    meta?: RequestMeta,
  ): Promise<DeliveryConfirmation> {
    const order = await this.orders.getAccessible(user, orderId);
    const workspace = order.workspace!;
    if (!this.abilities.createForUser(user).can('create', subject('DeliveryConfirmation', { workspace })))
      throw new ForbiddenError('Only the supplier answers delivery dates');
    const line = await this.dataSource.getRepository(PurchaseOrderLine).findOneBy({ id: lineId, orderId });
    if (!line) throw new NotFoundError('Order line not found');
    if (line.closed || order.closed || order.cancelled)
      throw new ConflictError('This line is closed in Kingdee; there is no delivery date to answer');
    if (input.kind === 'confirm' && !line.deliveryDate)
      throw new BadInputError('Nothing to confirm', [
        { field: 'kind', message: 'the line has no delivery date; propose one' },
      ]);
    if (input.kind === 'propose' && input.date === line.deliveryDate)
      throw new BadInputError('Same date', [
        { field: 'date', message: 'is the current delivery date; confirm it instead' },
      ]);
    const proposedDate = input.kind === 'confirm' ? line.deliveryDate! : input.date!;
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(DeliveryConfirmation);
      const pending = await repo.findOneBy({ lineId, state: 'pending' });
      if (pending) throw new ConflictError('An answer for this line is waiting for the buyer');
      const confirmation = await repo.save(
        repo.create({
          workspaceId: order.workspaceId,
          lineId,
          kind: input.kind,
          previousDate: line.deliveryDate,
          proposedDate,
          reason: input.reason ?? null,
          submittedBy: user.id,
        }),
      );
      await announce(this.queue, manager, {
        event: 'delivery.confirmation_submitted',
        workspaceId: order.workspaceId,
        actorId: user.id,
        subject: { type: 'delivery_confirmation', id: confirmation.id },
        title: `${order.number} / ${line.lineNumber} ${line.materialName}`,
        path: `/console/confirmations?workspaceId=${order.workspaceId}`,
        excerpt:
          input.kind === 'confirm'
            ? `✓ ${proposedDate}`
            : `${line.deliveryDate ?? '—'} → ${proposedDate}${input.reason ? `: ${input.reason.slice(0, 150)}` : ''}`,
      });
      await this.record(manager, user, 'delivery.confirmation.submitted', confirmation, workspace, meta, {
        kind: input.kind,
        from: line.deliveryDate,
        to: proposedDate,
      });
      return confirmation;
    });
  }

  async list(
    user: AuthUser,
    filter: { workspaceId?: string; state?: ConfirmationState; limit: number; cursor?: string },
  ): Promise<Page<ConfirmationRow>> {
    const after = decodeCursor(filter.cursor);
    const qb = this.dataSource
      .createQueryBuilder(DeliveryConfirmation, 'c')
      .innerJoin(Workspace, 'workspace', 'workspace.id = c.workspace_id')
      .innerJoin(PurchaseOrderLine, 'line', 'line.id = c.line_id')
      .innerJoin(PurchaseOrder, 'po', 'po.id = line.order_id')
      // Property names: TypeORM drops a selection it cannot map (the raw keys are still `line_line_number`, …).
      .addSelect(['po.id', 'po.number', 'line.lineNumber', 'line.materialName'])
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'DeliveryConfirmation', 'c'))
      .orderBy('c.submitted_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(filter.limit + 1);
    // PMs list what they decide on: the workspaces they own or co-own (admins: all).
    if (user.orgKind === 'internal')
      qb.andWhere(accessibleWhere(this.abilities.createForUser(user), 'update', 'DeliveryConfirmation', 'c'));
    if (filter.workspaceId) qb.andWhere('c.workspace_id = :workspaceId', { workspaceId: filter.workspaceId });
    if (filter.state) qb.andWhere('c.state = :state', { state: filter.state });
    if (after) qb.andWhere('(c.submitted_at, c.id) < (:at, :id)', after);
    const { entities, raw } = await qb.getRawAndEntities();
    const rows: ConfirmationRow[] = entities.map((c, i) =>
      Object.assign(c, {
        orderId: raw[i].po_id as string,
        orderNumber: raw[i].po_number as string,
        lineNumber: Number(raw[i].line_line_number),
        materialName: raw[i].line_material_name as string,
      }),
    );
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.submittedAt, last.id) : null,
    };
  }

  async decide(
    user: AuthUser,
    id: string,
    decision: 'accepted' | 'rejected',
    note: string | undefined,
    meta?: RequestMeta,
  ): Promise<DeliveryConfirmation> {
    return this.dataSource.transaction(async (manager) => {
      const found = await manager
        .createQueryBuilder(DeliveryConfirmation, 'c')
        .innerJoinAndSelect('c.workspace', 'workspace')
        .where('c.id = :id', { id })
        .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'DeliveryConfirmation', 'c'))
        .setLock('pessimistic_write', undefined, ['c'])
        .getOne();
      if (!found) throw new NotFoundError('Delivery confirmation not found');
      if (!this.abilities.createForUser(user).can('update', subject('DeliveryConfirmation', found)))
        throw new ForbiddenError('Only the workspace owner or a co-owner decides');
      if (found.state !== 'pending') throw new ConflictError(`Already ${found.state}`);
      const line = await manager.getRepository(PurchaseOrderLine).findOneByOrFail({ id: found.lineId });
      const order = await manager.getRepository(PurchaseOrder).findOneByOrFail({ id: line.orderId });
      found.state = decision;
      found.decidedBy = user.id;
      found.decidedAt = new Date();
      found.decisionNote = note ?? null;
      if (decision === 'accepted') {
        // A confirmed date Kingdee already holds needs no write.
        if (line.deliveryDate === found.proposedDate) found.writeBack = 'confirmed';
        else if (WRITABLE_ORDER_STATUSES.has(order.documentStatus)) found.writeBack = 'queued';
        else found.writeBack = 'buyer_to_change';
      }
      const { workspace, ...row } = found;
      await manager.getRepository(DeliveryConfirmation).save(row);
      if (found.writeBack === 'queued')
        await this.queue.enqueue(manager, {
          name: WRITE_DELIVERY_DATE_JOB,
          data: { confirmationId: found.id },
          ref: { type: 'DeliveryConfirmation', id: found.id, workspaceId: found.workspaceId },
          singletonKey: found.id,
        });
      await announce(this.queue, manager, {
        event: 'delivery.confirmation_decided',
        workspaceId: found.workspaceId,
        actorId: user.id,
        subject: { type: 'purchase_order', id: order.id },
        title: `${order.number} / ${line.lineNumber} ${line.materialName}`,
        path: `/purchase-orders/${order.id}`,
        status: decision,
        excerpt: note?.slice(0, 200),
      });
      await this.record(manager, user, `delivery.confirmation.${decision}`, found, workspace!, meta, {
        writeBack: found.writeBack,
        date: found.proposedDate,
      });
      return found;
    });
  }

  /** Writes one accepted date to Kingdee, once: the order is read back first in case an earlier attempt got through. */
  private async writeBack(job: QueueJob<WriteDeliveryDate>): Promise<void> {
    const confirmation = await this.dataSource
      .getRepository(DeliveryConfirmation)
      .findOneBy({ id: job.data.confirmationId });
    if (!confirmation || confirmation.state !== 'accepted' || confirmation.writeBack !== 'queued') return;
    const line = await this.dataSource
      .getRepository(PurchaseOrderLine)
      .findOneByOrFail({ id: confirmation.lineId });
    const order = await this.dataSource.getRepository(PurchaseOrder).findOneByOrFail({ id: line.orderId });
    const kingdee = requireKingdee(this.kingdee);
    const note = `Portico: ${confirmation.kind === 'confirm' ? 'confirmed' : 'agreed'} ${confirmation.proposedDate}${
      confirmation.reason ? ` (${confirmation.reason.slice(0, 200)})` : ''
    }`;
    try {
      await this.effects.once(`kingdee.delivery-date:${confirmation.id}`, {
        lookup: async () => {
          const bill = await kingdee.view('PUR_PurchaseOrder', { id: Number(order.kingdeeId) });
          const entry = (
            (bill.POOrderEntry as { Id?: number; DeliveryDate?: string }[] | undefined) ?? []
          ).find((e) => String(e.Id) === String(line.entryId));
          return entry?.DeliveryDate?.slice(0, 10) === confirmation.proposedDate ? order.number : null;
        },
        perform: async () => {
          await saveDeliveryDates(kingdee, Number(order.kingdeeId), [
            { entryId: Number(line.entryId), deliveryDate: confirmation.proposedDate, note },
          ]);
          return order.number;
        },
      });
    } catch (error) {
      if (error instanceof KingdeeError && !error.retryable) {
        // Approved meanwhile (Kingdee will not take a Save now): the buyer changes it in Kingdee instead.
        const state = error.msgCode === NOT_OPERABLE ? 'buyer_to_change' : 'failed';
        await this.dataSource
          .getRepository(DeliveryConfirmation)
          .update(
            { id: confirmation.id },
            { writeBack: state, writeBackError: error.message.slice(0, 1000) },
          );
        if (state === 'failed') throw new PermanentJobError(error.message);
        return;
      }
      throw error;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager
        .getRepository(DeliveryConfirmation)
        .update({ id: confirmation.id }, { writeBack: 'written', writeBackError: null });
      // The supplier sees the agreed date at once; the next refresh confirms it from Kingdee.
      await manager
        .getRepository(PurchaseOrderLine)
        .update({ id: line.id }, { deliveryDate: confirmation.proposedDate });
    });
  }

  private record(
    manager: EntityManager,
    user: AuthUser,
    action: string,
    confirmation: DeliveryConfirmation,
    workspace: Workspace,
    meta: RequestMeta | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        action,
        actor: user,
        orgId: workspace.supplierOrgId,
        workspaceId: workspace.id,
        resourceType: 'delivery_confirmation',
        resourceId: confirmation.id,
        meta,
        details,
      },
      manager,
    );
  }
}
