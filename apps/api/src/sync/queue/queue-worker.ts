import { Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { JobEnvelope, JobHandler, QueueJob } from './job-queue.types';
import { inJobSpan } from '../../tracing';
import { describeError, decideRetry, BackoffSettings } from './retry-policy';
import { FAIL_JOB_SQL, FETCH_READY_JOBS_SQL, RETRY_JOB_SQL } from './queue-sql';
import { TargetLimiter } from './target-limiter';

/** The columns of a fetched job the worker uses (pg-boss's fetch returns more). */
type FetchedJob = Pick<
  PgBoss.JobWithMetadata<JobEnvelope>,
  'id' | 'name' | 'data' | 'expireInSeconds' | 'retryCount' | 'retryLimit'
>;

export interface WorkerSettings {
  concurrency: number;
  /** FIFO fetch along the index (queues without singleton/stately policies). */
  orderedFetch: boolean;
  pollIntervalMs: number;
  backoff: BackoffSettings;
}

export interface WorkerEvents {
  onCompleted(queue: string): void;
  onFailed(queue: string, deadLettered: boolean): void;
}

/**
 * Pulls jobs of one queue and runs them. Slots are taken from the target's limiter *before* a fetch,
 * so a job is never marked active while it waits for capacity (it would burn its expiry). pg-boss's
 * fetch uses FOR UPDATE SKIP LOCKED: any number of workers on one database never get the same job.
 */
export class QueueWorker {
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  /** Settles when stop() is called, so the loop stops waiting for a slot or a running job at once. */
  private stopRequested!: () => void;
  private readonly stopping = new Promise<void>((resolve) => (this.stopRequested = resolve));
  private readonly logger: Logger;
  private readonly completions: CompletionBatch;

  constructor(
    private readonly boss: PgBoss,
    readonly queue: string,
    private readonly handler: JobHandler,
    private readonly limiter: TargetLimiter,
    private readonly settings: WorkerSettings,
    private readonly events: WorkerEvents,
  ) {
    this.logger = new Logger(`Queue ${queue}`);
    this.completions = new CompletionBatch((ids) =>
      this.boss.complete(this.queue, ids).then(() => undefined),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops fetching and waits up to `timeoutMs` for running jobs; unfinished ones return after expiry. */
  async stop(timeoutMs: number): Promise<void> {
    this.running = false;
    this.stopRequested();
    this.wake?.();
    await this.loop;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => setTimeout(r, timeoutMs)),
    ]);
    await this.completions.flush();
  }

  /** Looks for work now instead of at the next poll (a job was just sent from this process). */
  notify(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const room = this.settings.concurrency - this.inFlight.size;
      // Under load, fetch in batches (half the slots at once) rather than one job per finished job.
      if (room <= 0 || (this.inFlight.size > 0 && room < Math.ceil(this.settings.concurrency / 2))) {
        await Promise.race([this.stopping, ...this.inFlight]);
        continue;
      }
      const slots = this.limiter.tryAcquire(room);
      if (slots === 0) {
        // Another queue of the same target holds every slot.
        await Promise.race([
          this.stopping,
          this.limiter.waitForSlot(this.settings.pollIntervalMs),
          ...this.inFlight,
        ]);
        continue;
      }
      let jobs: FetchedJob[] = [];
      try {
        jobs = await this.fetch(slots);
      } catch (error) {
        this.logger.warn(`fetch failed: ${describeError(error).message}`);
      }
      if (jobs.length < slots) this.limiter.release(slots - jobs.length);
      for (const job of jobs) this.track(this.execute(job));
      if (jobs.length === 0) await this.sleep(this.settings.pollIntervalMs);
    }
  }

  private async fetch(count: number): Promise<FetchedJob[]> {
    if (!this.settings.orderedFetch) {
      return this.boss.fetch<JobEnvelope>(this.queue, { batchSize: count, includeMetadata: true });
    }
    const { rows } = await this.boss.getDb().executeSql(FETCH_READY_JOBS_SQL, [this.queue, count]);
    return rows as FetchedJob[];
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.finally(() => {
      this.inFlight.delete(tracked);
      this.limiter.release();
    });
    this.inFlight.add(tracked);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
    });
  }

  private async execute(raw: FetchedJob): Promise<void> {
    const envelope = raw.data ?? { payload: undefined };
    const abort = new AbortController();
    const expiryMs = Math.max(1, raw.expireInSeconds) * 1000;
    // Past its expiry the job is handed out again anyway: recording its outcome stops mattering then.
    const outcomeDeadline = Date.now() + expiryMs;
    const job: QueueJob = {
      id: raw.id,
      name: raw.name,
      data: envelope.payload,
      ref: envelope.ref,
      attempt: raw.retryCount + 1,
      maxAttempts: raw.retryLimit + 1,
      signal: abort.signal,
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.limiter.takeToken();
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          abort.abort();
          reject(new Error(`job ran longer than its expiry of ${raw.expireInSeconds}s`));
        }, expiryMs);
      });
      const handled = inJobSpan(
        this.queue,
        { 'messaging.message.id': raw.id, 'portico.job.attempt': job.attempt },
        envelope.trace,
        () => this.handler(job),
      );
      await Promise.race([handled, expired]);
      clearTimeout(timer);
      // The slot is free once the handler is done; the completion is written with the next batch.
      untilWritten(() => this.completions.add(raw.id), outcomeDeadline)
        .then(() => this.events.onCompleted(this.queue))
        .catch((error) =>
          this.logger.error(
            `could not mark job ${raw.id} completed (it will run again): ${describeError(error).message}`,
          ),
        );
    } catch (error) {
      clearTimeout(timer);
      await untilWritten(() => this.settleFailure(raw, job, error), outcomeDeadline).catch((settleError) =>
        this.logger.error(`could not record failure of job ${raw.id}: ${describeError(settleError).message}`),
      );
    }
  }

  private async settleFailure(raw: FetchedJob, job: QueueJob, error: unknown) {
    const decision = decideRetry(error, job.attempt, job.maxAttempts, this.settings.backoff);
    const output = { ...describeError(error), attempt: job.attempt, queue: this.queue, jobId: raw.id };
    const db = this.boss.getDb();
    const { rows } = decision.retry
      ? await db.executeSql(RETRY_JOB_SQL, [
          this.queue,
          raw.id,
          JSON.stringify(output),
          decision.delaySeconds,
        ])
      : await db.executeSql(FAIL_JOB_SQL, [this.queue, raw.id, JSON.stringify(output)]);
    const deadLettered = (rows[0]?.dead_lettered ?? 0) > 0;
    this.events.onFailed(this.queue, !decision.retry);
    const what = decision.retry
      ? `retry in ${decision.delaySeconds.toFixed(1)}s`
      : deadLettered
        ? 'dead-lettered'
        : 'failed';
    this.logger.warn(
      `job ${raw.id} attempt ${job.attempt}/${job.maxAttempts} failed (${output.message}): ${what}`,
    );
  }
}

/**
 * Writes a job's outcome, again and again while the database cannot be reached (a restart, a failover),
 * until the job's expiry. Giving up at once would leave the job `active` until pg-boss expires it —
 * minutes of delay for work that is already done or already known to have failed.
 */
async function untilWritten<T>(write: () => Promise<T>, deadline: number): Promise<T> {
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5000)) {
    try {
      return await write();
    } catch (error) {
      if (Date.now() + delayMs >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * Marks finished jobs completed in batches: one UPDATE for the jobs that finished within a few
 * milliseconds of each other instead of one per job. A job's `add` resolves once its batch is
 * written. (A crash before that re-runs the job after its expiry, as any crash after the effect.)
 */
class CompletionBatch {
  private pending: Array<{ id: string; done: () => void; failed: (error: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (ids: string[]) => Promise<void>,
    private readonly maxSize = 32,
    private readonly maxDelayMs = 10,
  ) {}

  add(id: string): Promise<void> {
    return new Promise((done, failed) => {
      this.pending.push({ id, done, failed });
      if (this.pending.length >= this.maxSize) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
    });
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    try {
      await this.write(batch.map((entry) => entry.id));
      batch.forEach((entry) => entry.done());
    } catch (error) {
      batch.forEach((entry) => entry.failed(error));
    }
  }
}
