import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JIRA_CLIENT, JiraClient, JiraIssue } from '@portico/connectors/jira/jira-client.port';
import { JiraNotFoundError } from '@portico/connectors/jira/jira-errors';
import { searchAmongKeys } from '@portico/connectors/jira/search-among-keys';
import { DataSource, EntityManager } from 'typeorm';
import { JiraPeople, jiraPeopleOf, NotificationEvent } from '../notification-events';
import { JiraIssueChanged, JobQueue, jqlSince, ReconcileTick, tickSince } from '../sync';
import { WorkspacesService } from '../workspaces';
import { Defect } from './entities/defect.entity';
import { DefectStatusEvent, StatusEventSource } from './entities/defect-status-event.entity';
import { INITIAL_SUPPLIER_STATUS } from './feedback.service';

/**
 * Supplier-facing names when the workspace status map has no entry: Jira's stable status categories.
 * A new issue nobody works on yet is still just "Reported" to the supplier.
 */
const CATEGORY_STATUS: Record<string, string> = {
  new: INITIAL_SUPPLIER_STATUS,
  indeterminate: 'In progress',
  done: 'Resolved',
};

export interface JiraStatus {
  name: string;
  categoryKey?: string;
  /** The issue's assignee and reporter, whom status rules may @-mention. */
  people?: JiraPeople;
}

/** The fields a status change is read with. */
const STATUS_FIELDS = ['status', 'assignee', 'reporter'];

/** Supplier-facing status of a Jira status: the workspace map, else its category, never the raw internal name. */
export function supplierStatusOf(statusMap: Record<string, string>, status: JiraStatus): string {
  const mapped =
    statusMap[status.name] ??
    Object.entries(statusMap).find(([k]) => k.toLowerCase() === status.name.toLowerCase())?.[1];
  return mapped ?? CATEGORY_STATUS[status.categoryKey ?? ''] ?? 'In progress';
}

function statusOf(issue: JiraIssue): JiraStatus | undefined {
  const status = issue.fields.status as { name?: string; statusCategory?: { key?: string } } | undefined;
  return status?.name
    ? { name: status.name, categoryKey: status.statusCategory?.key, people: jiraPeopleOf(issue.fields) }
    : undefined;
}

/**
 * Jira status changes of defect issues flow back as supplier-facing statuses with a timeline
 * (docs/architecture.md). Events only say *which* issue changed: the status is always re-read from
 * Jira and applied under a row lock, so duplicate, late or reordered events change nothing twice.
 */
@Injectable()
export class DefectStatusSync {
  private readonly logger = new Logger(DefectStatusSync.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    private readonly queue: JobQueue,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** Only the issue's identity is taken from the event: its status is re-read from Jira. */
  async onIssueChanged(event: Partial<JiraIssueChanged>): Promise<void> {
    const key = event.issueKey;
    const id = event.issueId;
    if (!key && !id) return;
    const defects = await this.dataSource
      .getRepository(Defect)
      .createQueryBuilder('defect')
      .where(key ? 'defect.jira_key = :key' : 'defect.jira_issue_id = :id', { key: key?.toUpperCase(), id })
      .getMany();
    if (!defects.length) return;
    const ref = defects[0].jiraIssueId ?? defects[0].jiraKey!;
    const issue = await this.jira.getIssue(ref, { fields: STATUS_FIELDS }).catch((error: unknown) => {
      // jira:issue_deleted names the issue too: the defect keeps its last known status.
      if (!(error instanceof JiraNotFoundError)) throw error;
      this.logger.warn(`the Jira issue ${ref} of defect ${defects[0].id} no longer exists`);
      return null;
    });
    if (!issue) return;
    const status = statusOf(issue);
    if (status) for (const defect of defects) await this.apply(defect.id, status, 'webhook');
  }

  /**
   * Re-reads the Jira status of the delivered defects of live workspaces whose issues changed since the
   * last tick (a transition updates its issue): a missed webhook only delays a change.
   */
  async reconcile(tick: Partial<ReconcileTick> = {}): Promise<number> {
    const since = tickSince(tick);
    const rows: { id: string; jiraKey: string; workspaceId: string }[] = await this.dataSource.query(
      `SELECT d.id, d.jira_key AS "jiraKey", d.workspace_id AS "workspaceId" FROM defect d
        WHERE d.jira_key IS NOT NULL ORDER BY d.id`,
    );
    // Live workspaces only, asked of the workspaces module once for the whole tick.
    const workspaces = await this.workspaces.byIds(rows.map((r) => r.workspaceId));
    const live = rows.filter((r) => {
      const workspace = workspaces.get(r.workspaceId);
      return workspace && !workspace.archivedAt;
    });
    const byKey = new Map(live.map((r) => [r.jiraKey, r.id]));
    let changed = 0;
    const where = () => `updated >= "${jqlSince(since)}"`;
    for await (const batch of searchAmongKeys(this.jira, [...byKey.keys()], {
      where,
      fields: STATUS_FIELDS,
    })) {
      for (const issue of batch.issues) {
        const defectId = issue.key ? byKey.get(issue.key) : undefined;
        const status = statusOf(issue);
        if (defectId && status && (await this.apply(defectId, status, 'reconcile'))) changed++;
      }
      // A deleted issue keeps the defect's last known status; it no longer holds up the others.
      for (const key of batch.goneKeys)
        this.logger.warn(`reconcile: the Jira issue ${key} of defect ${byKey.get(key)} no longer exists`);
    }
    return changed;
  }

  /** Returns true when the defect's status changed. */
  async apply(defectId: string, status: JiraStatus, source: StatusEventSource): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const defect = await manager
        .getRepository(Defect)
        .createQueryBuilder('defect')
        .setLock('pessimistic_write')
        .where('defect.id = :defectId', { defectId })
        .getOne();
      if (!defect || defect.externalStatus === status.name) return false;
      const workspace = await this.workspaces.getById(defect.workspaceId, manager);
      const supplierStatus = supplierStatusOf(workspace.statusMap ?? {}, status);
      const supplierChanged = supplierStatus !== defect.supplierStatus;
      await manager
        .getRepository(Defect)
        .update({ id: defect.id }, { externalStatus: status.name, supplierStatus });
      if (supplierChanged) {
        await manager.insert(DefectStatusEvent, {
          defectId: defect.id,
          externalStatus: status.name,
          supplierStatus,
          source,
        });
        await this.publish(manager, {
          ...this.eventBase(defect),
          event: 'defect.status_changed',
          status: supplierStatus,
          externalStatus: status.name,
        });
      }
      await this.publish(manager, {
        ...this.eventBase(defect),
        event: 'jira.status_entered',
        status: supplierStatus,
        externalStatus: status.name,
        audience: 'internal',
        ...(status.people ? { jira: status.people } : {}),
      });
      this.logger.log(
        `defect ${defect.id}: Jira ${defect.externalStatus ?? '-'} -> ${status.name} (${supplierStatus})`,
      );
      return true;
    });
  }

  private eventBase(defect: Defect): Omit<NotificationEvent, 'event'> {
    return {
      workspaceId: defect.workspaceId,
      actorId: null,
      subject: { type: 'defect', id: defect.id },
      title: defect.title,
      path: `/defects/${defect.id}`,
    };
  }

  private async publish(manager: EntityManager, event: NotificationEvent): Promise<void> {
    await this.queue.publish(event.event, event, {
      manager,
      ref: { type: 'defect', id: event.subject.id, workspaceId: event.workspaceId },
    });
  }
}
