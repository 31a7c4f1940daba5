import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { announce } from '../notification-events';
import { defineJob, JobQueue, type ReconcileTick, SyncEvents } from '../sync';
import { Transmittal } from './entities/transmittal.entity';

export const TRANSMITTAL_REMINDERS_QUEUE = defineJob<Partial<ReconcileTick>>('transmittals.due-soon');

/**
 * "Due tomorrow, still unanswered": on every reconciliation tick (one worker per tick, singleton queue)
 * announces `transmittal.due_soon` for issued transmittals asking for a response whose due date is the
 * next day (UTC) or earlier and not yet passed. Each is claimed with a conditional UPDATE in the
 * transaction of its announcement, so it is announced once across processes and ticks.
 */
@Injectable()
export class TransmittalReminders {
  private readonly logger = new Logger(TransmittalReminders.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
  ) {}

  async register(): Promise<void> {
    await this.queue.register(TRANSMITTAL_REMINDERS_QUEUE, () => this.remind(), {
      target: 'internal',
      policy: 'singleton',
    });
    await this.queue.subscribe(SyncEvents.reconcileTick, TRANSMITTAL_REMINDERS_QUEUE);
  }

  /** Returns how many reminders were announced. */
  async remind(now = new Date()): Promise<number> {
    const today = now.toISOString().slice(0, 10);
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM transmittal
        WHERE status = 'issued' AND purpose IN ('for_review', 'for_approval') AND deleted_at IS NULL
          AND due_soon_announced_at IS NULL AND due_date >= $1::date AND due_date <= $2::date
        ORDER BY due_date, id LIMIT 500`,
      [today, tomorrow],
    );
    let announced = 0;
    for (const { id } of due) {
      const claimed = await this.dataSource.transaction(async (manager) => {
        const rows: Transmittal[] = await manager.query(
          `UPDATE transmittal SET due_soon_announced_at = now()
            WHERE id = $1 AND status = 'issued' AND due_soon_announced_at IS NULL
          RETURNING id, workspace_id AS "workspaceId", number, subject, due_date::text AS "dueDate"`,
          [id],
        );
        const [t] = Array.isArray(rows[0]) ? (rows[0] as unknown as Transmittal[]) : rows;
        if (!t) return false;
        await announce(this.queue, manager, {
          event: 'transmittal.due_soon',
          workspaceId: t.workspaceId,
          actorId: null,
          subject: { type: 'transmittal', id: t.id },
          title: `${t.number} ${t.subject}`.slice(0, 300),
          path: `/transmittals/${t.id}`,
          excerpt: t.dueDate ?? undefined,
        });
        return true;
      });
      if (claimed) announced++;
    }
    if (announced) this.logger.log(`${announced} transmittal due-soon reminder(s)`);
    return announced;
  }
}
