import { join } from 'node:path';
import { collect, spawnSource } from './support/source-process';
import { createQueueHarness, QueueHarness, waitFor } from './support/sync-queue';

describe('A worker process stopped with SIGTERM mid-job', () => {
  let h: QueueHarness;

  beforeAll(async () => {
    h = await createQueueHarness();
  });
  afterAll(() => h.close());

  const state = async (id: string) =>
    (await h.dataSource.query(`SELECT state::text AS s FROM pgboss.job WHERE id = $1`, [id]))[0]?.s;

  async function runUntilSigterm(jobMs: number, graceMs: number, jobId: string) {
    const child = spawnSource(
      join('apps/api/test/support/sigterm-worker.ts'),
      [h.database.url, String(jobMs), String(graceMs)],
      {},
    );
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    const result = collect(child);
    await waitFor(async () => output.includes(`started ${jobId}`), 60_000, `the job to start; ${output}`);
    child.kill('SIGTERM');
    const { code, stderr } = await result;
    return { code, stderr, output };
  }

  it('finishes a job that ends within the grace period, then exits 0', async () => {
    const queue = await h.queue();
    await queue.register('test.shutdown', async () => undefined, { target: 'jira', expireInSeconds: 3 });
    const jobId = (await h.dataSource.transaction((m) =>
      queue.enqueue(m, { name: 'test.shutdown', data: { n: 1 } }),
    ))!;
    const run = await runUntilSigterm(1500, 10_000, jobId);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`finished ${jobId}`);
    expect(await state(jobId)).toBe('completed');
  }, 120_000);

  it('leaves a job that outlasts the grace period to be handed out again, never lost', async () => {
    const survivor = await h.queue();
    const runs: string[] = [];
    await survivor.register('test.shutdown', async (job) => void runs.push(job.id), {
      target: 'jira',
      expireInSeconds: 3,
    });
    const jobId = (await h.dataSource.transaction((m) =>
      survivor.enqueue(m, { name: 'test.shutdown', data: { n: 2 } }),
    ))!;
    const run = await runUntilSigterm(60_000, 500, jobId);
    expect(run.code).toBe(0);
    expect(run.output).not.toContain(`finished ${jobId}`);
    // The survivor starts working only now, so the job it runs is the one the stopped worker held.
    await survivor.onApplicationBootstrap();
    await waitFor(async () => (await state(jobId)) === 'completed', 60_000, 'the job to be run again');
    expect(runs).toEqual([jobId]);
  }, 120_000);
});
