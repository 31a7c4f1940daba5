import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SharingService } from '../sharing';
import { defineJob, JobQueue, type ReconcileTick, SyncEvents } from '../sync';
import { WorkspacesService } from '../workspaces';
import { announce } from '../notification-events';
import { DEFAULT_REMINDER_DAYS } from './notification-rules';

export const VERSION_REMINDERS_QUEUE = defineJob<Partial<ReconcileTick>>('notifications.version-reminders');
const EVENT = 'item.version_unacknowledged';

/**
 * "Version not acknowledged after N days": on every reconciliation tick, finds the latest versions
 * each such rule waits for and announces each (item, version, N) once — the claim row in
 * notification_reminder is written in the same transaction as the announcement.
 */
@Injectable()
export class VersionReminders implements OnModuleInit {
  private readonly logger = new Logger(VersionReminders.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly workspaces: WorkspacesService,
    private readonly sharing: SharingService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(VERSION_REMINDERS_QUEUE, () => this.remind(), {
      target: 'internal',
      policy: 'singleton',
    });
    await this.queue.subscribe(SyncEvents.reconcileTick, VERSION_REMINDERS_QUEUE);
  }

  /** Returns how many reminders were announced. */
  async remind(now = new Date()): Promise<number> {
    let announced = 0;
    for (const workspace of await this.workspaces.withNotificationRule(EVENT)) {
      const waits = new Set(
        workspace.notificationRules
          .filter((r) => r.event === EVENT)
          .map((r) => r.afterDays ?? DEFAULT_REMINDER_DAYS),
      );
      for (const days of waits) {
        const before = new Date(now.getTime() - days * 86_400_000);
        for (const version of await this.sharing.unacknowledgedVersions(workspace, before)) {
          const claimed = await this.dataSource.transaction(async (manager) => {
            const rows: unknown[] = await manager.query(
              `INSERT INTO notification_reminder (item_id, version, after_days) VALUES ($1, $2, $3)
               ON CONFLICT DO NOTHING RETURNING item_id`,
              [version.itemId, version.version, days],
            );
            if (!rows.length) return false;
            await announce(this.queue, manager, {
              event: EVENT,
              workspaceId: workspace.id,
              actorId: null,
              subject: { type: 'shared_item', id: version.itemId },
              title: `${version.title} (v${version.version})`,
              path: `/items/${version.itemId}`,
              afterDays: days,
              audience: 'supplier_admins',
            });
            return true;
          });
          if (claimed) announced++;
        }
      }
    }
    if (announced) this.logger.log(`${announced} unacknowledged-version reminder(s)`);
    return announced;
  }
}
