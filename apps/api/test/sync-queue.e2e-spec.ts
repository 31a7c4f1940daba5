import { JobQueue } from '../src/sync/queue/job-queue.service';
import { PermanentJobError, QueueJob } from '../src/sync/queue/job-queue.types';
import { createQueueHarness, QueueHarness, waitFor } from './support/sync-queue';

async function jobsOf(h: QueueHarness, name: string) {
  return h.dataSource.query(
    `SELECT id, state::text AS state, retry_count AS "retryCount", data, output FROM pgboss.job WHERE name = $1 ORDER BY created_on`,
    [name],
  ) as Promise<Array<{ id: string; state: string; retryCount: number; data: any; output: any }>>;
}

describe('JobQueue (pg-boss on PostgreSQL)', () => {
  let h: QueueHarness;
  let queue: JobQueue;

  beforeAll(async () => {
    h = await createQueueHarness();
    queue = await h.queue();
  });
  afterAll(() => h.close());

  it('writes a job inside the caller transaction, so a committed change delivers its job', async () => {
    const seen: unknown[] = [];
    await queue.register('test.commit', async (job) => void seen.push(job.data), { target: 'internal' });
    await queue.onApplicationBootstrap();
    await h.dataSource.transaction((manager) =>
      queue.enqueue(manager, { name: 'test.commit', data: { n: 1 }, ref: { type: 'comment', id: 'c-1' } }),
    );
    await waitFor(async () => seen.length === 1, 30000, 'the committed job');
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('sends nothing when the transaction that enqueued the job rolls back', async () => {
    await h.dataSource
      .transaction(async (manager) => {
        await queue.enqueue(manager, { name: 'test.rollback', data: { n: 1 } });
        expect(
          await manager.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.rollback'`),
        ).toEqual([{ n: 1 }]);
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    expect(await jobsOf(h, 'test.rollback')).toEqual([]);
  });

  it('keeps a job for a queue nobody has registered yet, waiting visibly', async () => {
    await h.dataSource.transaction((manager) =>
      queue.enqueue(manager, { name: 'test.unclaimed', data: { x: 1 } }),
    );
    const jobs = await jobsOf(h, 'test.unclaimed');
    expect(jobs.map((j) => j.state)).toEqual(['created']);
    expect(jobs[0].data).toEqual({ payload: { x: 1 } });
  });

  it('waits at least the Retry-After a rate-limited handler reports before the next attempt', async () => {
    const attempts: number[] = [];
    await queue.register(
      'test.retry-after',
      async (job: QueueJob) => {
        attempts.push(Date.now());
        if (job.attempt === 1)
          throw Object.assign(new Error('429 Too Many Requests'), { retryAfterSeconds: 2 });
      },
      { target: 'jira' },
    );
    await queue.enqueue(undefined, { name: 'test.retry-after', data: {} });
    await waitFor(async () => attempts.length === 2, 15000, 'the second attempt');
    // Backoff alone (base 0.2 s) would have retried after ~0.2 s.
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(2000);
    await waitFor(
      async () => (await jobsOf(h, 'test.retry-after'))[0]?.state === 'completed',
      5000,
      'completion',
    );
  });

  it('dead-letters a job after its bounded number of attempts, keeping the last error', async () => {
    let calls = 0;
    await queue.register(
      'test.always-fails',
      async () => {
        calls++;
        throw new Error(`Jira answered 500 (call ${calls})`);
      },
      { target: 'jira', maxAttempts: 3 },
    );
    await queue.enqueue(undefined, {
      name: 'test.always-fails',
      data: { defectId: 'd-1' },
      ref: { type: 'defect', id: 'd-1' },
    });
    const dead = await waitFor(
      async () => {
        const rows = await jobsOf(h, 'test.always-fails.dead');
        return rows.length ? rows : undefined;
      },
      20000,
      'the dead letter',
    );
    expect(calls).toBe(3);
    expect((await jobsOf(h, 'test.always-fails'))[0].state).toBe('failed');
    expect(dead[0].data).toEqual({ payload: { defectId: 'd-1' }, ref: { type: 'defect', id: 'd-1' } });
    expect(dead[0].output).toMatchObject({
      message: 'Jira answered 500 (call 3)',
      attempt: 3,
      queue: 'test.always-fails',
    });
  });

  it('brings back a job whose worker died within SYNC_RETRY_MAX_SECONDS, however often it expired before', async () => {
    // No worker runs this queue here: the job is only ever settled by pg-boss's expiry check.
    const capped = await h.queue({ SYNC_RETRY_BASE_SECONDS: '1', SYNC_RETRY_MAX_SECONDS: '2' });
    await capped.register('test.expired', async () => undefined, { target: 'jira', maxAttempts: 10 });
    await capped.enqueue(undefined, { name: 'test.expired', data: {} });
    // As if the sixth attempt's worker was killed an hour ago.
    await h.dataSource.query(
      `UPDATE pgboss.job SET state = 'active', retry_count = 5, started_on = now() - interval '1 hour'
        WHERE name = 'test.expired'`,
    );
    const [job] = await waitFor(
      async () => {
        const rows: Array<{ state: string; dueIn: number }> = await h.dataSource.query(
          `SELECT state::text AS state, EXTRACT(epoch FROM start_after - now())::float8 AS "dueIn"
             FROM pgboss.job WHERE name = 'test.expired'`,
        );
        return rows[0]?.state === 'retry' ? rows : undefined;
      },
      15000,
      'the expiry check',
    );
    // pg-boss's own backoff would wait 2^6 × 1 s, 32–64 s.
    expect(job.dueIn).toBeLessThanOrEqual(2);
  });

  it('fails a job at once when the handler says the error is not retryable', async () => {
    let calls = 0;
    await queue.register(
      'test.permanent',
      async () => {
        calls++;
        throw new PermanentJobError('issue type does not exist');
      },
      { target: 'jira', maxAttempts: 5 },
    );
    await queue.enqueue(undefined, { name: 'test.permanent', data: {} });
    await waitFor(
      async () => (await jobsOf(h, 'test.permanent.dead')).length === 1,
      30000,
      'the dead letter',
    );
    expect(calls).toBe(1);
    expect((await jobsOf(h, 'test.permanent'))[0].state).toBe('failed');
  });

  it('delivers each published event to every subscribed queue, and none from a rolled-back transaction', async () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    await queue.register('test.sub-a', async (job) => void a.push(job.data), { target: 'internal' });
    await queue.register('test.sub-b', async (job) => void b.push(job.data), { target: 'internal' });
    await queue.subscribe('test.issue.changed', 'test.sub-a');
    await queue.subscribe('test.issue.changed', 'test.sub-b');
    await h.dataSource
      .transaction(async (manager) => {
        await queue.publish('test.issue.changed', { issueKey: 'HW-0' }, { manager });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await queue.publish('test.issue.changed', { issueKey: 'HW-1' });
    await waitFor(async () => a.length === 1 && b.length === 1, 30000, 'both subscribers');
    await new Promise((r) => setTimeout(r, 300));
    expect(a).toEqual([{ issueKey: 'HW-1' }]);
    expect(b).toEqual([{ issueKey: 'HW-1' }]);
  });

  it('shares one concurrency budget between all queues of a target', async () => {
    const limited = await h.queue({ SYNC_CONCURRENCY: 'feishu=2' });
    let running = 0;
    let peak = 0;
    let done = 0;
    const handler = async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 50));
      running--;
      done++;
    };
    await limited.register('test.feishu-a', handler, { target: 'feishu', concurrency: 2 });
    await limited.register('test.feishu-b', handler, { target: 'feishu', concurrency: 2 });
    await h.dataSource.transaction(async (manager) => {
      for (let i = 0; i < 6; i++) {
        await limited.enqueue(manager, { name: 'test.feishu-a', data: { i } });
        await limited.enqueue(manager, { name: 'test.feishu-b', data: { i } });
      }
    });
    await limited.onApplicationBootstrap();
    await waitFor(async () => done === 12, 15000, 'all feishu jobs');
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('keeps to the per-target rate limit', async () => {
    const limited = await h.queue({ SYNC_RATE_LIMITS: 'dingtalk=5' });
    const starts: number[] = [];
    await limited.register('test.dingtalk', async () => void starts.push(Date.now()), { target: 'dingtalk' });
    await h.dataSource.transaction(async (manager) => {
      for (let i = 0; i < 10; i++) await limited.enqueue(manager, { name: 'test.dingtalk', data: { i } });
    });
    await limited.onApplicationBootstrap();
    await waitFor(async () => starts.length === 10, 15000, 'all dingtalk jobs');
    // A bucket of 5 tokens, then 5 per second: the last five need about a second more.
    expect(starts[9] - starts[0]).toBeGreaterThanOrEqual(800);
  });

  it('only enqueues in an API process (ROLE=api): its handlers never run there', async () => {
    const api = await h.queue({ ROLE: 'api' });
    let ran = false;
    await api.register('test.api-only', async () => void (ran = true), { target: 'internal' });
    await api.onApplicationBootstrap();
    await api.enqueue(undefined, { name: 'test.api-only', data: {} });
    await new Promise((r) => setTimeout(r, 800));
    expect(ran).toBe(false);
    expect((await jobsOf(h, 'test.api-only')).map((j) => j.state)).toEqual(['created']);
  });

  it('never hands the same job to two workers on one database', async () => {
    const other = await h.queue();
    const runs = new Map<number, string[]>();
    const handler = (who: string) => async (job: QueueJob<{ n: number }>) => {
      runs.set(job.data.n, [...(runs.get(job.data.n) ?? []), who]);
      await new Promise((r) => setTimeout(r, 2));
    };
    const total = 300;
    // Both "processes" know the queue before any job exists.
    await queue.register('test.shared', handler('one'), { target: 'internal', concurrency: 4 });
    await other.register('test.shared', handler('two'), { target: 'internal', concurrency: 4 });
    await h.dataSource.transaction(async (manager) => {
      for (let n = 0; n < total; n++) await queue.enqueue(manager, { name: 'test.shared', data: { n } });
    });
    await other.onApplicationBootstrap();
    await waitFor(async () => runs.size === total, 60000, 'all jobs');
    await new Promise((r) => setTimeout(r, 500));
    const duplicates = [...runs.values()].filter((who) => who.length > 1);
    expect(duplicates).toEqual([]);
    const byWorker = [...runs.values()]
      .flat()
      .reduce<Record<string, number>>((acc, w) => ({ ...acc, [w]: (acc[w] ?? 0) + 1 }), {});
    expect(byWorker.one).toBeGreaterThan(0);
    expect(byWorker.two).toBeGreaterThan(0);
  });
  it('stops within its grace period even while every slot runs a long job', async () => {
    const busy = await h.queue();
    let started = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await busy.register(
      'test.long',
      async () => {
        started++;
        await held;
      },
      { target: 'feishu', concurrency: 2 },
    );
    await busy.onApplicationBootstrap();
    await h.dataSource.transaction(async (manager) => {
      for (let n = 0; n < 3; n++) await busy.enqueue(manager, { name: 'test.long', data: { n } });
    });
    await waitFor(async () => started === 2, 30000, 'both slots busy');
    const stoppedAt = Date.now();
    await busy.stop(300);
    // Before, the worker loop waited for a running job to end first (here: never).
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect(started).toBe(2);
    release();
  });
});
