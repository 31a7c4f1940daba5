import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createFeedbackWorld, FEISHU_APP, FeedbackWorld, JIRA_AUTH, waitFor } from './feedback.fixtures';

const ROOT = join(__dirname, '..', '..', '..');
const DEFECTS = 12;
/**
 * How long a started job may run before it counts as lost: above the defect's attempt lease (20 s) and
 * above any live attempt of this test on loaded CI cores. With a shorter expiry, live attempts (e.g. the
 * ones held behind the table lock below) expire too, every expiry counts an attempt, and pg-boss delays
 * an expired job by 2^attempts seconds: a few rounds and the restarted worker waits for minutes. The
 * killed worker's jobs come back once this has passed, their lease has lapsed by then, and the
 * restarted worker finds each issue by its marker at once.
 */
const JOB_EXPIRY_SECONDS = '30';

/** A separate worker process of the application on the test's database, simulators and storage. */
function startWorker(w: FeedbackWorld): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, 'feedback-crash-worker.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        ROLE: 'worker',
        PORT: '0',
        DATA_DIR: w.t.config.dataDir,
        DATABASE_URL: w.t.config.databaseUrl,
        DATABASE_POOL_SIZE: '4',
        S3_ENDPOINT: w.t.config.s3.endpoint,
        S3_BUCKET: w.t.config.s3.bucket,
        JWT_SECRET: w.t.config.jwtSecret,
        PUBLIC_URL: w.t.config.publicUrl,
        JIRA_BASE_URL: w.jira.url,
        JIRA_EMAIL: JIRA_AUTH.email,
        JIRA_API_TOKEN: JIRA_AUTH.apiToken,
        FEISHU_BASE_URL: w.feishu.url,
        FEISHU_APP_ID: FEISHU_APP.appId,
        FEISHU_APP_SECRET: FEISHU_APP.appSecret,
        SYNC_POLL_INTERVAL_MS: '100',
        SYNC_RETRY_BASE_SECONDS: '0.2',
        SYNC_RETRY_MAX_SECONDS: '2',
        SYNC_MAINTENANCE_INTERVAL_SECONDS: '1',
        SYNC_JOB_EXPIRY_SECONDS: JOB_EXPIRY_SECONDS,
        SYNC_MAX_ATTEMPTS: '20',
        SYNC_RATE_LIMITS: '',
        SYNC_CONCURRENCY: 'jira=6,feishu=2,dingtalk=2,email=2,internal=4',
        // The DingTalk simulator listens on loopback, as in the app under test.
        EGRESS_ALLOW_PRIVATE_HOSTS: w.t.config.egress.allowPrivateHosts.join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += String(chunk)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => String(chunk).includes('worker ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${errors.slice(-2000)}`)));
  });
}

// Two processes on one database need a PostgreSQL server; the in-memory PGlite of a jest worker serves one process.
const describeWithServer = process.env.DATABASE_URL ? describe : describe.skip;

describeWithServer('Feedback flow back when a worker process dies', () => {
  let w: FeedbackWorld;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // This process serves the API only; jobs are worked by the child processes.
    w = await createFeedbackWorld({ ROLE: 'api', SYNC_JOB_EXPIRY_SECONDS: JOB_EXPIRY_SECONDS });
    await w.asPm
      .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
      .send({ notificationRules: [{ event: 'comment.created', channels: ['in_app'] }] })
      .expect(200);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await w.close();
  });

  it('leaves exactly one Jira issue per defect after a worker is killed with SIGKILL in the middle of creating them', async () => {
    const sim = w.jira.control;
    // Slow creates keep several in flight at once.
    sim.injectFault({ route: 'POST /rest/api/3/issue', latencyMs: 5000 });
    const ids: string[] = [];
    for (let i = 0; i < DEFECTS; i++) {
      ids.push(
        (
          await w.asAna
            .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
            .send({ title: `Crash ${i}`, description: 'd', severity: 'major' })
            .expect(201)
        ).body.id,
      );
    }

    const first = await startWorker(w);
    children.push(first);
    const claimed: string[] = await waitFor(
      async () => {
        const rows = await w.t.dataSource.query(
          `SELECT id FROM defect WHERE jira_create_attempted_at IS NOT NULL`,
        );
        return rows.length >= 4 && rows.map((r: { id: string }) => r.id);
      },
      60_000,
      'creates in flight',
    );
    // Hold the worker between "Jira created the issue" and "the key is stored": updates of defect wait for this lock.
    const lock = w.t.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.startTransaction();
      await lock.query('LOCK TABLE defect IN SHARE ROW EXCLUSIVE MODE');
      await waitFor(
        async () => claimed.every((id) => sim.state.issues.some((i) => i.labels.includes(`portico-${id}`))),
        30_000,
        'the issues in Jira',
      );
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
    } finally {
      await lock.rollbackTransaction().catch(() => undefined);
      await lock.release();
    }
    sim.clearFaults();
    // The scenario happened: issues exist in Jira whose keys the dead worker never stored.
    const [{ stored }] = await w.t.dataSource.query(
      `SELECT count(jira_key)::int AS stored FROM defect WHERE id = ANY($1::uuid[])`,
      [claimed],
    );
    expect(stored).toBeLessThan(claimed.length);

    children.push(await startWorker(w));
    await waitFor(
      async () =>
        (
          await w.t.dataSource.query(`SELECT count(*)::int AS n FROM defect WHERE sync_state = 'delivered'`)
        )[0].n === DEFECTS,
      120_000,
      'every defect delivered after the restart',
    );
    for (const id of ids) {
      const issues = sim.state.issues.filter((issue) => issue.labels.includes(`portico-${id}`));
      expect(issues).toHaveLength(1);
      const [{ key }] = await w.t.dataSource.query(`SELECT jira_key AS key FROM defect WHERE id = $1`, [id]);
      expect(key).toBe(issues[0].key);
    }
  }, 240_000);
});
