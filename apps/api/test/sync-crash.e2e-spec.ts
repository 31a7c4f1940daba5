import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createQueueHarness, QueueHarness, waitFor } from './support/sync-queue';

const EXPIRY_SECONDS = 2;

describe('JobQueue when a worker process dies mid-job', () => {
  let h: QueueHarness;

  beforeAll(async () => {
    h = await createQueueHarness();
  });
  afterAll(() => h.close());

  it('hands the job of a SIGKILLed worker to another worker once the job expires', async () => {
    const survivor = await h.queue();
    const attempts: Array<{ attempt: number; at: number }> = [];
    // Declares the queue with its short expiry; this process does not work it yet.
    await survivor.register(
      'test.crash',
      async (job) => void attempts.push({ attempt: job.attempt, at: Date.now() }),
      {
        target: 'jira',
        expireInSeconds: EXPIRY_SECONDS,
      },
    );
    const jobId = await h.dataSource.transaction((manager) =>
      survivor.enqueue(manager, { name: 'test.crash', data: { defectId: 'd-1' } }),
    );

    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        // The queue's modules import the connectors through the @portico path alias.
        '-r',
        'tsconfig-paths/register',
        join(__dirname, 'support', 'sync-crash-worker.ts'),
        h.database.url,
        String(EXPIRY_SECONDS),
      ],
      {
        env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', '..', '..', 'tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await waitFor(
      async () => output.includes(`started ${jobId} attempt 1`),
      30000,
      'the child to start the job',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; its output: ${output}`);
    });
    const killedAt = Date.now();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const [state] = await h.dataSource.query(`SELECT state::text AS state FROM pgboss.job WHERE id = $1`, [
      jobId,
    ]);
    expect(state.state).toBe('active');
    await survivor.onApplicationBootstrap();
    await waitFor(async () => attempts.length > 0, 20000, 'the job to be run again');
    expect(attempts).toEqual([{ attempt: 2, at: expect.any(Number) }]);
    expect(attempts[0].at - killedAt).toBeGreaterThanOrEqual(EXPIRY_SECONDS * 1000 - 1000);
    await waitFor(
      async () =>
        (await h.dataSource.query(`SELECT state::text AS s FROM pgboss.job WHERE id = $1`, [jobId]))[0].s ===
        'completed',
      5000,
      'completion',
    );
  });
});
