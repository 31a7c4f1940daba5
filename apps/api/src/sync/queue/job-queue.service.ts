import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { AppConfig, APP_CONFIG } from '../../config';
import {
  EnqueueRequest,
  JobEnvelope,
  JobHandler,
  JobName,
  JobTarget,
  RegisterOptions,
  TransactionOptions,
} from './job-queue.types';
import { QueueWorker } from './queue-worker';
import { BOSS_SCHEMA, SUBSCRIBED_QUEUES_SQL } from './queue-sql';
import { TargetLimiter } from './target-limiter';
import { SyncMetrics } from './sync-metrics';
import { currentTraceCarrier } from '../../tracing';

export const DEAD_LETTER_SUFFIX = '.dead';
/** Dead-lettered jobs wait this long for a re-drive before pg-boss deletes them. */
const DEAD_LETTER_RETENTION_MINUTES = 60 * 24 * 30;

interface Registration {
  name: string;
  handler: JobHandler;
  options: RegisterOptions;
}

/**
 * The durable job queue on the application's PostgreSQL (pg-boss, schema `pgboss`).
 *
 * - `enqueue(manager, job)` writes the job inside the caller's transaction: if it rolls back, no job.
 * - `register(name, handler, { target })` declares a queue in every process, and runs its handler only
 *   where ROLE is `worker` or `all`.
 * - Failed attempts are retried with exponential backoff + jitter, honouring an error's
 *   `retryAfterSeconds`; an error with `retryable: false` fails at once; after the last attempt the job
 *   is copied to `<queue>.dead` where the operations API can re-drive it.
 * - `publish(event, data)` sends a job to every queue `subscribe`d to the event.
 *
 * Handlers must be idempotent (see SyncEffectService): a worker that dies mid-job has its job handed
 * out again once the job's expiry has passed.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly registrations = new Map<string, Registration>();
  private readonly knownQueues = new Set<string>();
  private readonly workers = new Map<string, QueueWorker>();
  private readonly limiters = new Map<JobTarget, TargetLimiter>();
  private started: Promise<void> | undefined;
  private bootstrapped = false;
  private readonly runsWorkers: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: SyncMetrics,
  ) {
    if (!config.databaseUrl) throw new Error('databaseUrl must be resolved before the job queue starts');
    this.runsWorkers = config.role !== 'api';
    this.boss = new PgBoss({
      connectionString: config.databaseUrl,
      max: Math.max(2, Math.min(4, config.databasePoolSize)),
      application_name: `portico-${config.role}`,
      // Expiry checks and cron belong to the processes that work jobs; pg-boss elects one per interval.
      supervise: this.runsWorkers,
      schedule: this.runsWorkers,
      maintenanceIntervalSeconds: config.sync.maintenanceIntervalSeconds,
      // The 15-minute default would leave a dead worker's job stuck that long (docs/security.md).
      expireInSeconds: config.sync.jobExpirySeconds,
      retryLimit: config.sync.maxAttempts - 1,
      retryDelay: expiredRetryDelay(config),
      retryBackoff: false,
      archiveFailedAfterSeconds: 60 * 60 * 24 * 7,
    });
    this.boss.on('error', (error) => this.logger.error(`pg-boss: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.start();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.bootstrapped = true;
    if (this.runsWorkers)
      for (const registration of this.registrations.values()) this.startWorker(registration);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      const queues = await this.boss.getQueues();
      queues.forEach((q) => this.knownQueues.add(q.name));
    })();
    return this.started;
  }

  /** Stops fetching, lets running jobs finish for a few seconds, then closes the connections. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (!this.started) return;
    await Promise.allSettled([...this.workers.values()].map((w) => w.stop(timeoutMs)));
    this.workers.clear();
    await this.boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
    this.started = undefined;
  }

  /**
   * Declares queue `name` (and its dead-letter queue) and, in worker processes, starts working it once
   * the application has booted. Call it from the owning module's onModuleInit.
   */
  async register<T extends object>(
    name: JobName<T>,
    handler: JobHandler<T>,
    options: RegisterOptions,
  ): Promise<void> {
    if (this.registrations.has(name)) throw new Error(`Queue ${name} already has a handler`);
    const registration: Registration = { name, handler: handler as JobHandler, options };
    this.registrations.set(name, registration);
    await this.start();
    await this.declareQueue(name, options);
    if (this.runsWorkers && this.bootstrapped) this.startWorker(registration);
  }

  /**
   * Writes a job. Pass the EntityManager of the transaction that makes the change the job carries out:
   * the job exists exactly when that transaction commits. Returns the job id, or null when a pending
   * job with the same singletonKey already exists (queues with a singleton policy).
   * Inside a transaction always pass its manager: besides atomicity, the embedded PGlite runs one
   * transaction at a time, so a write on another connection would wait for yours forever.
   */
  async enqueue<T extends object>(
    manager: EntityManager | undefined,
    job: EnqueueRequest<T>,
  ): Promise<string | null> {
    await this.start();
    const db = manager ? transactionalDb(manager) : undefined;
    await this.ensureQueue(job.name, db);
    const envelope: JobEnvelope<T> = { payload: job.data, ref: job.ref, trace: currentTraceCarrier() };
    const id = await this.boss.send(job.name, envelope, {
      singletonKey: job.singletonKey,
      startAfter: job.startAfterSeconds,
      db,
    });
    if (!manager) this.workers.get(job.name)?.notify();
    return id;
  }

  /** Publishes an event to every subscribed queue, inside the caller's transaction when one is given. */
  async publish<T extends object>(
    event: JobName<T>,
    data: NoInfer<T>,
    options: TransactionOptions & Pick<EnqueueRequest, 'ref' | 'singletonKey'> = {},
  ): Promise<string[]> {
    await this.start();
    const db = options.manager ? transactionalDb(options.manager) : this.boss.getDb();
    const { rows } = await db.executeSql(SUBSCRIBED_QUEUES_SQL, [event]);
    const ids: string[] = [];
    const trace = currentTraceCarrier();
    for (const { name } of rows as Array<{ name: string }>) {
      const envelope: JobEnvelope<T> = { payload: data, ref: options.ref, trace };
      const id = await this.boss.send(name, envelope, {
        singletonKey: options.singletonKey,
        db: options.manager ? db : undefined,
      });
      if (id) ids.push(id);
      if (!options.manager) this.workers.get(name)?.notify();
    }
    return ids;
  }

  /** Every later `publish(event)` also sends a job to `queueName`. */
  async subscribe(event: string, queueName: string): Promise<void> {
    await this.start();
    await this.ensureQueue(queueName);
    await this.boss.subscribe(event, queueName);
  }

  /** Sends a job to `queueName` on a cron schedule (UTC); workers elect one sender per minute. */
  async schedule<T extends object>(queueName: JobName<T>, cron: string, data: NoInfer<T>): Promise<void> {
    await this.start();
    await this.ensureQueue(queueName);
    const envelope: JobEnvelope<T> = { payload: data };
    await this.boss.schedule(queueName, cron, envelope, { tz: 'UTC' });
  }

  /** The target a queue was registered with (jobs of unregistered queues are `internal`). */
  targetOf(queueName: string): JobTarget | undefined {
    return this.registrations.get(queueName)?.options.target;
  }

  registeredQueues(): string[] {
    return [...this.registrations.keys()];
  }

  /** pg-boss, for the operations service in this module only. */
  get engine(): PgBoss {
    return this.boss;
  }

  private async declareQueue(name: string, options: RegisterOptions): Promise<void> {
    const dead = `${name}${DEAD_LETTER_SUFFIX}`;
    await this.createOrUpdate(dead, { name: dead, retentionMinutes: DEAD_LETTER_RETENTION_MINUTES });
    const settings = this.queueSettings(name, options);
    await this.createOrUpdate(name, settings);
    // Jobs keep the retry settings they were sent with: bring waiting ones sent before the change in line.
    await this.boss.getDb().executeSql(
      `UPDATE ${BOSS_SCHEMA}.job SET retry_backoff = false, retry_delay = $2
          WHERE name = $1 AND state < 'completed' AND (retry_backoff OR retry_delay <> $2)`,
      [name, settings.retryDelay],
    );
  }

  private queueSettings(name: string, options: RegisterOptions): PgBoss.Queue {
    const maxAttempts = options.maxAttempts ?? this.config.sync.maxAttempts;
    return {
      name,
      policy: options.policy ?? 'standard',
      expireInSeconds: options.expireInSeconds ?? this.config.sync.jobExpirySeconds,
      retryLimit: maxAttempts - 1,
      // Only pg-boss's expiry check uses these (failed attempts get decideRetry's delay): its own
      // backoff doubles without a ceiling, so an often-expired job would wait far past SYNC_RETRY_MAX_SECONDS.
      retryDelay: expiredRetryDelay(this.config),
      retryBackoff: false,
      deadLetter: `${name}${DEAD_LETTER_SUFFIX}`,
    };
  }

  private async createOrUpdate(name: string, queue: PgBoss.Queue): Promise<void> {
    if (this.knownQueues.has(name)) {
      await this.boss.updateQueue(name, queue);
    } else {
      await this.boss.createQueue(name, queue);
      this.knownQueues.add(name);
    }
  }

  /**
   * A job for a queue whose handler lives in a module that has not registered (yet) still has to be
   * kept: pg-boss silently drops jobs for unknown queues, so the queue is declared with the defaults.
   * Inside a transaction this happens on the transaction's own connection (a second connection would
   * wait for it on PGlite, which runs one transaction at a time) and rolls back with it.
   */
  private async ensureQueue(name: string, db?: PgBoss.Db): Promise<void> {
    if (this.knownQueues.has(name)) return;
    if (!db) {
      if (!(await this.boss.getQueue(name))) await this.declareQueue(name, { target: 'internal' });
      this.knownQueues.add(name);
      return;
    }
    const dead = `${name}${DEAD_LETTER_SUFFIX}`;
    const { rows } = await db.executeSql(
      `SELECT name FROM ${BOSS_SCHEMA}.queue WHERE name = ANY($1::text[])`,
      [[name, dead]],
    );
    const existing = new Set((rows as Array<{ name: string }>).map((r) => r.name));
    const create = `SELECT ${BOSS_SCHEMA}.create_queue($1, $2::json)`;
    if (!existing.has(dead)) {
      await db.executeSql(create, [
        dead,
        JSON.stringify({ policy: 'standard', retentionMinutes: DEAD_LETTER_RETENTION_MINUTES }),
      ]);
    }
    if (!existing.has(name))
      await db.executeSql(create, [name, JSON.stringify(this.queueSettings(name, { target: 'internal' }))]);
  }

  private startWorker(registration: Registration): void {
    if (this.workers.has(registration.name)) return;
    const target = registration.options.target;
    const worker = new QueueWorker(
      this.boss,
      registration.name,
      registration.handler,
      this.limiterFor(target),
      {
        concurrency: registration.options.concurrency ?? this.config.sync.concurrency[target] ?? 4,
        orderedFetch: !['singleton', 'stately'].includes(registration.options.policy ?? 'standard'),
        pollIntervalMs: this.config.sync.pollIntervalMs,
        backoff: {
          baseSeconds: this.config.sync.retryBaseSeconds,
          maxSeconds: this.config.sync.retryMaxSeconds,
        },
      },
      {
        onCompleted: (queue) => this.metrics.jobCompleted(queue, target),
        onFailed: (queue, final) => this.metrics.jobFailed(queue, target, final),
      },
    );
    this.workers.set(registration.name, worker);
    worker.start();
  }

  private limiterFor(target: JobTarget): TargetLimiter {
    let limiter = this.limiters.get(target);
    if (!limiter) {
      limiter = new TargetLimiter(
        this.config.sync.concurrency[target] ?? 4,
        this.config.sync.rateLimits[target] ?? 0,
      );
      this.limiters.set(target, limiter);
    }
    return limiter;
  }
}

/** The wait before a job whose worker died (its expiry passed) is handed out again: one base delay, capped. */
function expiredRetryDelay(config: AppConfig): number {
  return Math.max(1, Math.ceil(Math.min(config.sync.retryBaseSeconds, config.sync.retryMaxSeconds)));
}

/** pg-boss's `db` hook bound to the caller's transaction (its query runner holds the connection). */
function transactionalDb(manager: EntityManager): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      if (manager.queryRunner) {
        const result = await manager.queryRunner.query(text, values, true);
        return { rows: result.records ?? [] };
      }
      return { rows: await manager.query(text, values) };
    },
  };
}
