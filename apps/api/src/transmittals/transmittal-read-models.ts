import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { DataSource, EntityManager } from 'typeorm';
import { UserDirectory } from '../users';
import { Workspace } from '../workspaces';
import { ContentReviewDto, TransmittalReadModel } from './dto/transmittal-response.dto';
import { TransmittalContent } from './entities/transmittal-content.entity';
import { RESPONSE_PURPOSES, Transmittal } from './entities/transmittal.entity';
import { ReceiptTimes, supplierState, todayUtc } from './supplier-state';
import { EffectiveSettings, TransmittalSettingsService } from './transmittal-settings.service';

export type LoadedTransmittal = Transmittal & { workspace: Workspace };

/** Builds what a viewer sees of transmittals: names, the supersede chain, contents, their own receipt. */
@Injectable()
export class TransmittalReadModels {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: TransmittalSettingsService,
    private readonly directory: UserDirectory,
  ) {}

  async build(
    user: AuthUser,
    rows: LoadedTransmittal[],
    withContents: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TransmittalReadModel[]> {
    if (!rows.length) return [];
    const ids = rows.map((t) => t.id);
    const internal = user.orgKind === 'internal';
    const settings = new Map<string, EffectiveSettings>();
    for (const t of rows)
      if (!settings.has(t.workspaceId))
        settings.set(t.workspaceId, await this.settings.effective(t.workspace, manager));
    const chainIds = rows.flatMap((t) => [t.supersedesId, t.supersededById]).filter((x): x is string => !!x);
    const chain = new Map<string, { id: string; number: string; status: string }>();
    if (chainIds.length) {
      const linked: { id: string; number: string; status: string }[] = await manager.query(
        `SELECT id, number, status FROM transmittal WHERE id = ANY($1::uuid[])`,
        [chainIds],
      );
      for (const l of linked) chain.set(l.id, l);
    }
    // Suppliers never learn of a draft that is meant to supersede what they have.
    const ref = (id: string | null) => {
      const l = id ? chain.get(id) : undefined;
      return l && (internal || l.status !== 'draft') ? { id: l.id, number: l.number } : null;
    };
    const counts = new Map<string, number>();
    for (const c of (await manager.query(
      `SELECT transmittal_id AS id, count(*)::int AS n FROM transmittal_content WHERE transmittal_id = ANY($1::uuid[]) GROUP BY transmittal_id`,
      [ids],
    )) as { id: string; n: number }[])
      counts.set(c.id, c.n);
    const contents = new Map<string, (TransmittalContent & { response: ContentReviewDto | null })[]>();
    if (withContents) {
      const list = await manager
        .getRepository(TransmittalContent)
        .createQueryBuilder('c')
        .where('c.transmittal_id = ANY(:ids)', { ids })
        .orderBy('c.position', 'ASC')
        .getMany();
      const responses = new Map<string, ContentReviewDto>();
      for (const r of (await manager.query(
        `SELECT content_id, code, comment FROM transmittal_response WHERE transmittal_id = ANY($1::uuid[])`,
        [ids],
      )) as { content_id: string; code: string; comment: string | null }[])
        responses.set(r.content_id, { code: r.code, comment: r.comment });
      for (const c of list) {
        const bucket = contents.get(c.transmittalId) ?? [];
        bucket.push(Object.assign(c, { response: responses.get(c.id) ?? null }));
        contents.set(c.transmittalId, bucket);
      }
    }
    const receipts = new Map<string, ReceiptTimes>();
    const responderOf = new Set<string>();
    if (!internal) {
      for (const r of (await manager.query(
        `SELECT transmittal_id, opened_at, acknowledged_at FROM transmittal_receipt WHERE user_id = $1 AND transmittal_id = ANY($2::uuid[])`,
        [user.id, ids],
      )) as { transmittal_id: string; opened_at: Date | null; acknowledged_at: Date | null }[])
        receipts.set(r.transmittal_id, { openedAt: r.opened_at, acknowledgedAt: r.acknowledged_at });
      for (const r of (await manager.query(
        `SELECT transmittal_id FROM transmittal_responder WHERE user_id = $1 AND transmittal_id = ANY($2::uuid[])`,
        [user.id, ids],
      )) as { transmittal_id: string }[])
        responderOf.add(r.transmittal_id);
    }
    const people = await this.directory.byIds(
      rows.flatMap((t) => [t.createdBy, t.issuedBy, t.respondedBy]).filter((x): x is string => !!x),
      manager,
    );
    const today = todayUtc();
    return rows.map((t) => {
      const view: TransmittalReadModel = {
        transmittal: t,
        purposeLabel: settings.get(t.workspaceId)!.purposeLabels[t.purpose],
        people,
        supersedes: ref(t.supersedesId),
        supersededBy: ref(t.supersededById),
        contentCount: counts.get(t.id) ?? 0,
        contents: withContents ? (contents.get(t.id) ?? []) : null,
        internal,
      };
      if (!internal) {
        const receipt = receipts.get(t.id) ?? { openedAt: null, acknowledgedAt: null };
        view.myReceipt = receipt;
        view.supplierState = supplierState(t, receipt, today);
        view.canRespond = mayRespond(user, t, responderOf.has(t.id));
      }
      return view;
    });
  }
}

/** Supplier admins, or members the admin named, respond to an issued transmittal that asks for a response. */
export function mayRespond(user: AuthUser, t: Transmittal, namedResponder: boolean): boolean {
  return (
    user.orgKind === 'supplier' &&
    t.status === 'issued' &&
    RESPONSE_PURPOSES.has(t.purpose) &&
    (user.role === 'supplier_admin' || namedResponder)
  );
}
