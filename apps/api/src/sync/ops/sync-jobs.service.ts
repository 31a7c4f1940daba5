import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { accessibleSql, AppAbility, AuthUser } from '@portico/auth';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, RequestMeta } from '../../audit';
import { ConflictError, NotFoundError, decodeCursor, encodeCursor } from '../../common';
import { DEAD_LETTER_SUFFIX, JobQueue } from '../queue/job-queue.service';
import { JobEnvelope, JobRef } from '../queue/job-queue.types';
import { BOSS_SCHEMA, COUNT_BY_QUEUE_AND_STATE_SQL } from '../queue/queue-sql';
import { SyncMetrics } from '../queue/sync-metrics';
import { SyncMarkersService } from '../webhooks/sync-markers.service';
import { webhookMarker } from '../webhooks/webhooks.service';
import { RECONCILE_MARKER } from '../reconcile/reconcile.service';
import type { ListableState, SyncJobQueryDto } from './dto/sync-job-query.dto';
import type { SyncJobDto, SyncJobPageDto, SyncStatusDto } from './dto/sync-job-response.dto';

interface JobRow {
  id: string;
  name: string;
  state: string;
  data: JobEnvelope | null;
  /** Ours (queue-worker.ts), or pg-boss's `{ value: { message } }` for a job that expired. */
  output: { message?: string; attempt?: number; queue?: string; value?: { message?: string } } | null;
  retry_count: number;
  retry_limit: number;
  start_after: Date;
  created_on: Date;
  created_on_exact: string;
  completed_on: Date | null;
}

/**
 * Per queue and kind, the jobs an operator should look at. Dead letters (`<queue>.dead`, state
 * `created`) wait for a re-drive; the failed originals stay in pg-boss for a week, so "last 24 hours"
 * is read from them. Read from pg-boss's table, which only this module knows.
 */
const FAILED_JOBS_SQL = `
  SELECT name, kind, count(*)::int AS count FROM (
    SELECT name,
      CASE
        WHEN right(name, length($1)) = $1 THEN 'awaiting_redrive'
        WHEN state = 'failed' THEN 'failed'
        ELSE 'retrying'
      END AS kind
    FROM ${BOSS_SCHEMA}.job
    WHERE name NOT LIKE '\\_\\_pgboss\\_\\_%'
      AND (
        (right(name, length($1)) = $1 AND state = 'created')
        OR (right(name, length($1)) <> $1 AND state = 'retry')
        OR (right(name, length($1)) <> $1 AND state = 'failed' AND completed_on > now() - interval '24 hours')
      )
  ) jobs
  GROUP BY name, kind`;

/**
 * The operations view of the queue. Jobs are rows of pg-boss's `pgboss.job`; which ones a caller
 * sees comes from the CASL rules for `SyncJob` (`workspace.ownerId` for PMs), applied in SQL on the
 * workspace named by the job's `ref.workspaceId`. Jobs without a workspace are for admins only.
 */
@Injectable()
export class SyncJobsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly markers: SyncMarkersService,
    private readonly metrics: SyncMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.useStateCounts(() => this.dataSource.query(COUNT_BY_QUEUE_AND_STATE_SQL));
  }

  /** Failing jobs per queue name (a dead-letter queue's name ends in DEAD_LETTER_SUFFIX) and kind. */
  async failureCounts(): Promise<
    { name: string; kind: 'failed' | 'awaiting_redrive' | 'retrying'; count: number }[]
  > {
    return this.dataSource.query(FAILED_JOBS_SQL, [DEAD_LETTER_SUFFIX]);
  }

  /**
   * Dead-lettered jobs per workspace, in one statement for a page of workspaces; null for a workspace
   * whose sync jobs the caller may not see (the same `SyncJob` rules as the job list, in SQL).
   */
  async deadLettersPerWorkspace(
    ability: AppAbility,
    workspaceIds: string[],
  ): Promise<Map<string, number | null>> {
    if (!workspaceIds.length) return new Map();
    const access = accessibleSql(ability, 'read', 'SyncJob', 'job');
    const rows: { id: string; count: number | null }[] = await this.dataSource
      .createQueryBuilder()
      .select('workspace.id', 'id')
      .addSelect(`CASE WHEN ${access.sql} THEN COALESCE(failed.count, 0)::int END`, 'count')
      // By entity name: the workspaces module depends on sync, so sync does not load it back.
      .from('Workspace', 'workspace')
      .leftJoin(
        `(SELECT data->'ref'->>'workspaceId' AS workspace_id, count(*) AS count FROM ${BOSS_SCHEMA}.job
           WHERE name LIKE :dead AND state = 'created' AND data->'ref'->>'workspaceId' = ANY(CAST(:ids AS text[]))
           GROUP BY 1)`,
        'failed',
        'failed.workspace_id = workspace.id::text',
      )
      .where('workspace.id = ANY(CAST(:ids AS uuid[]))', {
        ids: workspaceIds,
        dead: `%${DEAD_LETTER_SUFFIX}`,
      })
      .setParameters(access.params)
      .getRawMany();
    return new Map(rows.map((r) => [r.id, r.count]));
  }

  /** Dead-lettered (failed for good) sync jobs of these workspaces. */
  async countFailed(workspaceIds: string[]): Promise<number> {
    if (!workspaceIds.length) return 0;
    const [row]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM ${BOSS_SCHEMA}.job
        WHERE name LIKE $1 AND state = 'created' AND data->'ref'->>'workspaceId' = ANY($2::text[])`,
      [`%${DEAD_LETTER_SUFFIX}`, workspaceIds],
    );
    return row.count;
  }

  async list(ability: AppAbility, query: SyncJobQueryDto): Promise<SyncJobPageDto> {
    const limit = query.limit ?? 50;
    const qb = this.visibleJobs(ability, 'read');
    if (query.state === 'failed') {
      // Dead letters wait in `<queue>.dead` as `created` until re-driven.
      qb.andWhere(`job.name LIKE :dead AND job.state = 'created'`, { dead: `%${DEAD_LETTER_SUFFIX}` });
      if (query.queue) qb.andWhere('job.name = :queue', { queue: `${query.queue}${DEAD_LETTER_SUFFIX}` });
    } else {
      qb.andWhere(`job.name NOT LIKE :dead AND job.state = :state`, {
        dead: `%${DEAD_LETTER_SUFFIX}`,
        state: query.state,
      });
      if (query.queue) qb.andWhere('job.name = :queue', { queue: query.queue });
    }
    const after = decodeCursor(query.cursor);
    if (after) qb.andWhere('(job.created_on, job.id) < (:at::timestamptz, :id::uuid)', after);
    qb.orderBy('job.created_on', 'DESC')
      .addOrderBy('job.id', 'DESC')
      .limit(limit + 1);
    const rows = await qb.getRawMany<JobRow>();
    const items = rows.slice(0, limit).map((row) => this.toDto(row, query.state));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor(last.created_on_exact, last.id) : null };
  }

  /**
   * Re-drives a dead-lettered job: a fresh job with the same data goes to the queue it failed in
   * (with a full set of attempts), and the dead letter is closed, in one transaction.
   */
  async redrive(
    user: AuthUser,
    ability: AppAbility,
    id: string,
    meta: RequestMeta,
  ): Promise<{ id: string; queue: string }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.visibleJobs(ability, 'retry', manager)
        .andWhere('job.id = :id', { id })
        .setLock('pessimistic_write', undefined, ['job'])
        .getRawOne<JobRow>();
      if (!row) throw new NotFoundError('Job not found');
      if (!row.name.endsWith(DEAD_LETTER_SUFFIX) || row.state !== 'created') {
        throw new ConflictError('Only a dead-lettered job (listed with state=failed) can be retried');
      }
      const queue = row.name.slice(0, -DEAD_LETTER_SUFFIX.length);
      const envelope = row.data ?? { payload: {} };
      const newId = await this.queue.enqueue(manager, {
        name: queue,
        data: (envelope.payload ?? {}) as object,
        ref: envelope.ref,
      });
      if (!newId)
        throw new ConflictError('The queue refused the job (a pending job with the same key exists)');
      await manager.query(
        `UPDATE ${BOSS_SCHEMA}.job SET state = 'completed', completed_on = now(),
           output = COALESCE(output, '{}'::jsonb) || jsonb_build_object('redrivenAs', $3::text, 'redrivenBy', $4::text)
         WHERE name = $1 AND id = $2`,
        [row.name, row.id, newId, user.id],
      );
      await this.audit.record(
        {
          action: 'sync.job.redriven',
          actor: user,
          workspaceId: envelope.ref?.workspaceId ?? null,
          resourceType: 'SyncJob',
          resourceId: row.id,
          meta,
          details: {
            queue,
            newJobId: newId,
            ref: envelope.ref ?? null,
            lastError: row.output?.message ?? row.output?.value?.message ?? null,
          },
        },
        manager,
      );
      return { id: newId, queue };
    });
  }

  async status(): Promise<SyncStatusDto> {
    const [jira, feishu, reconcile] = await Promise.all([
      this.markers.get(webhookMarker('jira')),
      this.markers.get(webhookMarker('feishu')),
      this.markers.get(RECONCILE_MARKER),
    ]);
    const webhook = (m: typeof jira) => ({
      lastReceivedAt: m ? new Date(m.at).toISOString() : null,
      lastEventType: typeof m?.detail.eventType === 'string' ? m.detail.eventType : null,
    });
    return {
      jira: webhook(jira),
      feishu: webhook(feishu),
      lastReconciledAt: reconcile ? new Date(reconcile.at).toISOString() : null,
    };
  }

  private visibleJobs(
    ability: AppAbility,
    action: 'read' | 'retry',
    connection: DataSource | EntityManager = this.dataSource,
  ) {
    const access = accessibleSql(ability, action, 'SyncJob', 'job');
    return (
      connection
        .createQueryBuilder()
        .select([
          'job.id AS id',
          'job.name AS name',
          'job.state::text AS state',
          'job.data AS data',
          'job.output AS output',
          'job.retry_count AS retry_count',
          'job.retry_limit AS retry_limit',
          'job.start_after AS start_after',
          'job.created_on AS created_on',
          // Microseconds: a JS Date would cut them and the cursor would skip jobs of one transaction.
          'job.created_on::text AS created_on_exact',
          'job.completed_on AS completed_on',
        ])
        .from(`${BOSS_SCHEMA}.job`, 'job')
        // By entity name: the workspaces module depends on sync, so sync does not load it back.
        .leftJoin('Workspace', 'workspace', `workspace.id::text = job.data->'ref'->>'workspaceId'`)
        .where(`job.name NOT LIKE '\\_\\_pgboss\\_\\_%'`)
        .andWhere(access.sql, access.params)
    );
  }

  private toDto(row: JobRow, listed: ListableState): SyncJobDto {
    const dead = row.name.endsWith(DEAD_LETTER_SUFFIX);
    const queue = dead ? row.name.slice(0, -DEAD_LETTER_SUFFIX.length) : row.name;
    const waiting = row.state === 'created' || row.state === 'retry';
    return {
      id: row.id,
      queue,
      target: this.queue.targetOf(queue) ?? 'internal',
      state: listed,
      ref: (row.data?.ref as JobRef | undefined) ?? null,
      attempts: dead
        ? (row.output?.attempt ?? row.retry_limit + 1)
        : row.retry_count + (row.state === 'created' ? 0 : 1),
      maxAttempts: row.retry_limit + 1,
      lastError: row.output?.message ?? row.output?.value?.message ?? null,
      nextRunAt: waiting && !dead ? new Date(row.start_after).toISOString() : null,
      createdAt: new Date(row.created_on).toISOString(),
      completedAt: row.completed_on ? new Date(row.completed_on).toISOString() : null,
    };
  }
}
