import { Workspace } from '../src/workspaces/entities/workspace.entity';
import { JobQueue } from '../src/sync/queue/job-queue.service';
import { PermanentJobError } from '../src/sync/queue/job-queue.types';
import { ReconcileService } from '../src/sync/reconcile/reconcile.service';
import { SyncEvents } from '../src/sync/sync-events';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/sync-queue';

describe('Sync operations API (jobs, re-drive)', () => {
  let t: TestApp;
  let queue: JobQueue;
  let admin: TestUser;
  let owner: TestUser;
  let otherPm: TestUser;
  let supplier: TestUser;
  let workspace: Workspace;
  let failing = true;
  const delivered: unknown[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      SYNC_POLL_INTERVAL_MS: '100',
      // Never during the test: a scheduled run would move the marker the test sets.
      SYNC_RECONCILE_CRON: '0 0 1 1 *',
      JIRA_BASE_URL: 'http://127.0.0.1:9',
      JIRA_EMAIL: 'bot@example.test',
      JIRA_API_TOKEN: 'unused',
      FEISHU_BASE_URL: 'http://127.0.0.1:9',
      FEISHU_APP_ID: 'cli_unused',
      FEISHU_APP_SECRET: 'unused',
    });
    queue = t.app.get(JobQueue);
    const internal = await createOrg(t, { kind: 'internal' });
    const acme = await createOrg(t, { kind: 'supplier', name: 'Acme' });
    admin = await createUser(t, { role: 'admin', org: internal });
    owner = await createUser(t, { role: 'pm', org: internal });
    otherPm = await createUser(t, { role: 'pm', org: internal });
    supplier = await createUser(t, { role: 'supplier_admin', org: acme });
    const repo = t.dataSource.getRepository(Workspace);
    workspace = await repo.save(repo.create({ name: 'Launch', supplierOrgId: acme.id, ownerId: owner.id }));

    await queue.register(
      'test.jira-comment',
      async (job) => {
        if (failing) throw new PermanentJobError('Jira refused the comment: issue HW-9 does not exist');
        delivered.push(job.data);
      },
      { target: 'jira' },
    );
    await t.dataSource.transaction((manager) =>
      queue.enqueue(manager, {
        name: 'test.jira-comment',
        data: { commentId: 'c-1' },
        ref: { type: 'comment', id: 'c-1', workspaceId: workspace.id },
      }),
    );
    await waitFor(
      async () =>
        (await t.dataSource.query(`SELECT 1 FROM pgboss.job WHERE name = 'test.jira-comment.dead'`)).length,
      30000,
      'the dead letter',
    );
  });
  afterAll(() => t.close());

  it('lists a dead-lettered job with its target, entity, attempts and last error to an admin', async () => {
    const res = await authed(t, await loginAs(t, admin))
      .get('/api/v1/sync/jobs?state=failed')
      .expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toEqual([
      expect.objectContaining({
        queue: 'test.jira-comment',
        target: 'jira',
        state: 'failed',
        ref: { type: 'comment', id: 'c-1', workspaceId: workspace.id },
        attempts: 1,
        lastError: 'Jira refused the comment: issue HW-9 does not exist',
      }),
    ]);
  });

  it('shows the owning PM the jobs of their workspace and another PM none of them', async () => {
    const mine = await authed(t, await loginAs(t, owner))
      .get('/api/v1/sync/jobs?state=failed')
      .expect(200);
    expect(mine.body.items).toHaveLength(1);
    const theirs = await authed(t, await loginAs(t, otherPm))
      .get('/api/v1/sync/jobs?state=failed')
      .expect(200);
    expect(theirs.body.items).toEqual([]);
    const id = mine.body.items[0].id;
    await authed(t, await loginAs(t, otherPm))
      .post(`/api/v1/sync/jobs/${id}/retry`)
      .expect(404);
  });

  it('shows a co-owner the jobs of the workspace once they co-own it', async () => {
    const coOwner = await createUser(t, { role: 'pm', org: owner.organization });
    const http = authed(t, await loginAs(t, coOwner));
    expect((await http.get('/api/v1/sync/jobs?state=failed').expect(200)).body.items).toEqual([]);
    await t.dataSource.getRepository(Workspace).update(workspace.id, { coOwnerIds: [coOwner.id] });
    const visible = await http.get('/api/v1/sync/jobs?state=failed').expect(200);
    expect(visible.body.items).toEqual([
      expect.objectContaining({ ref: expect.objectContaining({ workspaceId: workspace.id }) }),
    ]);
  });

  it('refuses suppliers the sync queue with 403', async () => {
    const token = await loginAs(t, supplier);
    await authed(t, token).get('/api/v1/sync/jobs?state=failed').expect(403);
    await authed(t, token).post(`/api/v1/sync/jobs/00000000-0000-4000-8000-000000000000/retry`).expect(403);
  });

  it('names the bad field for an unknown state, a bad cursor or a malformed id', async () => {
    const http = authed(t, await loginAs(t, admin));
    const state = await http.get('/api/v1/sync/jobs?state=exploded').expect(400);
    expect(state.body.errors.map((e: { field: string }) => e.field)).toContain('state');
    const cursor = await http.get('/api/v1/sync/jobs?state=failed&cursor=not-a-cursor').expect(400);
    expect(cursor.body.errors[0].field).toBe('cursor');
    await http.post('/api/v1/sync/jobs/not-a-uuid/retry').expect(400);
    await http.post('/api/v1/sync/jobs/00000000-0000-4000-8000-000000000000/retry').expect(404);
  });

  it('re-drives a dead-lettered job once when its owner asks, and audits it', async () => {
    const http = authed(t, await loginAs(t, owner));
    const [dead] = (await http.get('/api/v1/sync/jobs?state=failed').expect(200)).body.items;
    failing = false;
    const res = await http.post(`/api/v1/sync/jobs/${dead.id}/retry`).expect(200);
    expect(res.body).toEqual({ id: expect.any(String), queue: 'test.jira-comment' });
    await waitFor(async () => delivered.length === 1, 30000, 'the re-driven job');
    expect(delivered).toEqual([{ commentId: 'c-1' }]);
    expect((await http.get('/api/v1/sync/jobs?state=failed').expect(200)).body.items).toEqual([]);
    await http.post(`/api/v1/sync/jobs/${dead.id}/retry`).expect(409);
    const audit = await t.dataSource.query(
      `SELECT actor_id, resource_id, workspace_id FROM audit_event WHERE action = 'sync.job.redriven'`,
    );
    expect(audit).toEqual([{ actor_id: owner.id, resource_id: dead.id, workspace_id: workspace.id }]);
    const completed = await http.get('/api/v1/sync/jobs?state=completed&queue=test.jira-comment').expect(200);
    expect(completed.body.items).toEqual([expect.objectContaining({ id: res.body.id, attempts: 1 })]);
  });

  it('pages through jobs with a cursor', async () => {
    await t.dataSource.transaction(async (manager) => {
      for (let i = 0; i < 3; i++) await queue.enqueue(manager, { name: 'test.unworked', data: { i } });
    });
    const http = authed(t, await loginAs(t, admin));
    const first = await http.get('/api/v1/sync/jobs?state=created&queue=test.unworked&limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await http
      .get(`/api/v1/sync/jobs?state=created&queue=test.unworked&limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('publishes a reconcile tick from the last run, and reports it in the connector status', async () => {
    const ticks: Array<{ since: string; now: string }> = [];
    await queue.register('test.reconcile-listener', async (job) => void ticks.push(job.data as never), {
      target: 'internal',
    });
    await queue.subscribe(SyncEvents.reconcileTick, 'test.reconcile-listener');
    const reconcile = t.app.get(ReconcileService);
    const first = await reconcile.run(new Date('2026-01-01T10:00:00Z'));
    const second = await reconcile.run(new Date('2026-01-01T10:05:00Z'));
    // Overlapping by a minute: Jira's `updated` has minute precision.
    expect(second).toEqual({ since: '2026-01-01T09:59:00.000Z', now: '2026-01-01T10:05:00.000Z' });
    await waitFor(async () => ticks.length === 2, 30000, 'both ticks');
    expect(ticks).toEqual(expect.arrayContaining([first, second]));
    const schedule = await t.dataSource.query(
      `SELECT cron FROM pgboss.schedule WHERE name = 'sync.reconcile'`,
    );
    expect(schedule).toEqual([{ cron: '0 0 1 1 *' }]);

    const res = await authed(t, await loginAs(t, admin))
      .get('/api/v1/sync/status')
      .expect(200);
    expect(res.body).toEqual({
      jira: { lastReceivedAt: null, lastEventType: null },
      feishu: { lastReceivedAt: null, lastEventType: null },
      lastReconciledAt: '2026-01-01T10:05:00.000Z',
    });
  });
});
