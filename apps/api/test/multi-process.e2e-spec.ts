import { createHash, randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { authed, loginAs, refreshCookieFrom } from './support/auth-helpers';
import { CLUSTER_JIRA, PorticoCluster, startCluster } from './support/cluster';
import { createOrg, createUser, TEST_PASSWORD, TestUser } from './support/factories';
import { waitFor } from './support/sync-queue';

const DEFECTS = 200;
/** Above the defect's attempt lease (20 s), as in feedback-crash.e2e-spec.ts: a dead worker's jobs come back after it. */
const JOB_EXPIRY_SECONDS = '30';
const NEW_PASSWORD = 'a brand new passphrase for the cluster';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

// Several processes on one database need a PostgreSQL server; PGlite serves one process.
const describeWithServer = process.env.DATABASE_URL ? describe : describe.skip;

describeWithServer('Two API and two worker processes are one system', () => {
  let c: PorticoCluster;
  let admin: TestUser;
  let pm: TestUser;
  let ana: TestUser;
  let workspaceId: string;
  const api = (index: number) => c.api(index);

  beforeAll(async () => {
    c = await startCluster({
      apiCount: 2,
      workerCount: 2,
      env: {
        SYNC_JOB_EXPIRY_SECONDS: JOB_EXPIRY_SECONDS,
        SYNC_MAX_ATTEMPTS: '20',
        SYNC_RECONCILE_CRON: '* * * * *',
      },
    });
    const db = { dataSource: c.dataSource };
    const internal = await createOrg(db, { kind: 'internal' });
    const acme = await createOrg(db, { kind: 'supplier', name: 'Acme' });
    admin = await createUser(db, { org: internal, role: 'admin' });
    pm = await createUser(db, { org: internal, role: 'pm' });
    ana = await createUser(db, { org: acme, role: 'supplier_member' });
    const asPm = authed(api(0), await loginAs(api(0), pm));
    workspaceId = (
      await asPm
        .post('/api/v1/workspaces')
        .send({ name: 'Acme — cluster', supplierOrgId: acme.id, jiraProjectKey: 'HW' })
        .expect(201)
    ).body.id;
  }, 240_000);

  afterAll(async () => {
    await c?.close();
  });

  const member = () => createUser({ dataSource: c.dataSource }, { role: 'supplier_member' });

  /**
   * Makes API-2 hold the victim's account state (a request just read it), changes the account through
   * API-1 and returns how long API-2 went on accepting the victim's token.
   */
  async function msUntilRefusedOnApi2(victim: TestUser, change: (token: string) => Promise<unknown>) {
    const token = await loginAs(api(0), victim);
    await authed(api(1), token).get('/api/v1/me').expect(200);
    await change(token);
    const changed = Date.now();
    await waitFor(
      async () => (await authed(api(1), token).get('/api/v1/me')).status === 401,
      10_000,
      'API-2 refusing the token',
    );
    return Date.now() - changed;
  }

  it('serves one user from both API processes alternately', async () => {
    const token = await loginAs(api(0), ana);
    for (let i = 0; i < 20; i++) {
      const res = await authed(api(i % 2), token)
        .get('/api/v1/me')
        .expect(200);
      expect(res.body.id).toBe(ana.id);
    }
  });

  it('ends access on API-2 within 1 s of a disable, a role change and a sign-out-everywhere on API-1', async () => {
    const asAdmin = authed(api(0), await loginAs(api(0), admin));
    const disabled = await member();
    const promoted = await member();
    const signedOut = await member();
    const waits = {
      disable: await msUntilRefusedOnApi2(disabled, () =>
        asAdmin.patch(`/api/v1/users/${disabled.id}`).send({ status: 'disabled' }).expect(200),
      ),
      role: await msUntilRefusedOnApi2(promoted, () =>
        asAdmin.patch(`/api/v1/users/${promoted.id}`).send({ role: 'supplier_admin' }).expect(200),
      ),
      signOutEverywhere: await msUntilRefusedOnApi2(signedOut, (token) =>
        authed(api(0), token).post('/api/v1/me/sessions/end').expect(204),
      ),
      password: await msUntilRefusedOnApi2(await member(), async (token) =>
        authed(api(0), token)
          .post('/api/v1/me/password')
          .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
          .expect(204),
      ),
    };
    for (const ms of Object.values(waits)) expect(ms).toBeLessThan(1000);
    // The organisation's other members keep working.
    await authed(api(1), await loginAs(api(1), ana))
      .get('/api/v1/me')
      .expect(200);
  });

  it('ends access on API-2 within 1 s of disabling the organisation on API-1', async () => {
    const asAdmin = authed(api(0), await loginAs(api(0), admin));
    const org = await createOrg({ dataSource: c.dataSource }, { kind: 'supplier' });
    const someone = await createUser({ dataSource: c.dataSource }, { org, role: 'supplier_member' });
    const ms = await msUntilRefusedOnApi2(someone, () =>
      asAdmin.patch(`/api/v1/organizations/${org.id}`).send({ status: 'disabled' }).expect(200),
    );
    expect(ms).toBeLessThan(1000);
  });

  it('still ends access within 1 s when the listening connection was cut, and listens again', async () => {
    const listeners = () =>
      c.dataSource
        .query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'portico-api-account-changes'`,
        )
        .then((rows: Array<{ pid: number }>) => rows.map((r) => r.pid));
    const before = await listeners();
    expect(before).toHaveLength(2);
    const asAdmin = authed(api(0), await loginAs(api(0), admin));
    const victim = await member();
    const token = await loginAs(api(0), victim);
    await authed(api(1), token).get('/api/v1/me').expect(200);
    await c.dataSource.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [before]);
    await asAdmin.patch(`/api/v1/users/${victim.id}`).send({ status: 'disabled' }).expect(200);
    const changed = Date.now();
    await waitFor(
      async () => (await authed(api(1), token).get('/api/v1/me')).status === 401,
      10_000,
      'API-2 refusing the token',
    );
    expect(Date.now() - changed).toBeLessThan(1000);
    const after = await waitFor(
      async () => ((await listeners()).length === 2 ? listeners() : false),
      10_000,
      'both API processes listening again',
    );
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    const next = await member();
    expect(
      await msUntilRefusedOnApi2(next, () =>
        asAdmin.patch(`/api/v1/users/${next.id}`).send({ status: 'disabled' }).expect(200),
      ),
    ).toBeLessThan(1000);
  });

  describe('a single-use token raced across both API processes is accepted once', () => {
    /** The same request sent to API-1 and API-2 at once; the statuses, sorted. */
    async function race(send: (index: number) => Promise<{ status: number }>) {
      const answers = await Promise.all([send(0), send(1)]);
      return answers.map((a) => a.status).sort();
    }

    it('refresh token rotation (one successor, however many processes are asked)', async () => {
      const user = await member();
      for (let round = 0; round < 3; round++) {
        const login = await api(0)
          .http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: user.password })
          .expect(200);
        const cookie = refreshCookieFrom(login);
        // Two tabs refreshing at once: within the reuse grace both get the one successor, never two.
        const answers = await Promise.all(
          [0, 1].map((i) => api(i).http().post('/api/v1/auth/refresh').set('Cookie', cookie)),
        );
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        expect(refreshCookieFrom(answers[0])).toBe(refreshCookieFrom(answers[1]));
      }
    });

    it('invitation', async () => {
      const token = randomBytes(32).toString('base64url');
      const invited = await createUser(
        { dataSource: c.dataSource },
        { role: 'supplier_member', status: 'invited', password: null },
      );
      await c.dataSource.query(
        `INSERT INTO invitation (org_id, user_id, email, role, token_hash, expires_at)
         VALUES ($1, $2, $3, 'supplier_member', $4, now() + interval '1 day')`,
        [invited.orgId, invited.id, invited.email, sha256(token)],
      );
      expect(
        await race((i) =>
          api(i)
            .http()
            .post(`/api/v1/auth/invitations/${token}/accept`)
            .send({ displayName: `Racer ${i}`, password: NEW_PASSWORD }),
        ),
      ).toEqual([200, 404]);
      const audits = await c.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'invitation.accepted' AND resource_id = (SELECT id::text FROM invitation WHERE user_id = $1)`,
        [invited.id],
      );
      expect(audits[0].n).toBe(1);
    });

    it('password reset', async () => {
      const user = await member();
      const token = randomBytes(32).toString('base64url');
      await c.dataSource.query(
        `INSERT INTO password_reset (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
        [user.id, sha256(token)],
      );
      expect(
        await race((i) =>
          api(i)
            .http()
            .post(`/api/v1/auth/password-reset/${token}`)
            .send({ password: `${NEW_PASSWORD} ${i}` }),
        ),
      ).toEqual([204, 404]);
    });

    it('TOTP code (one time step)', async () => {
      const user = await member();
      const asUser = authed(api(0), await loginAs(api(0), user));
      const { secret } = (await asUser.post('/api/v1/me/mfa').expect(201)).body;
      await asUser
        .post('/api/v1/me/mfa/confirm')
        .send({ code: authenticator.generate(secret) })
        .expect(200);
      const code = authenticator.generate(secret);
      expect(
        await race((i) =>
          api(i)
            .http()
            .post('/api/v1/auth/login')
            .send({ email: user.email, password: user.password, totp: code }),
        ),
      ).toEqual([200, 401]);
    });
  });

  it('delivers 200 defects to Jira exactly once while a worker is killed with SIGKILL among them', async () => {
    // Slow creates keep many in flight in both workers when one dies.
    await fetch(`${c.jiraUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'POST /rest/api/3/issue', latencyMs: 300 }),
    }).then((res) => expect(res.status).toBe(204));
    const tokens = [await loginAs(api(0), ana), await loginAs(api(1), ana)];
    const ids: string[] = [];
    for (let batch = 0; batch < DEFECTS / 10; batch++) {
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          authed(api(i % 2), tokens[i % 2])
            .post(`/api/v1/workspaces/${workspaceId}/defects`)
            .send({ title: `Cluster defect ${batch * 10 + i}`, description: 'd', severity: 'minor' })
            .expect(201),
        ),
      );
      ids.push(...created.map((res) => res.body.id as string));
    }
    const delivered = async () =>
      (await c.dataSource.query(`SELECT count(*)::int AS n FROM defect WHERE sync_state = 'delivered'`))[0]
        .n as number;
    await waitFor(async () => (await delivered()) >= 20, 60_000, 'the first deliveries');
    const victim = c.workers[0].child;
    victim.kill('SIGKILL');
    await new Promise((resolve) => victim.once('exit', resolve));
    expect(await delivered()).toBeLessThan(DEFECTS);

    await waitFor(async () => (await delivered()) === DEFECTS, 150_000, 'every defect delivered');
    await fetch(`${c.jiraUrl}/_sim/faults`, { method: 'DELETE' });
    const labels = await jiraLabels(c.jiraUrl);
    const perDefect = new Map<string, number>();
    for (const label of labels.filter((l) => l.startsWith('portico-')))
      perDefect.set(label, (perDefect.get(label) ?? 0) + 1);
    expect(ids.filter((id) => perDefect.get(`portico-${id}`) !== 1)).toEqual([]);
    expect(perDefect.size).toBe(DEFECTS);
  }, 300_000);

  it('runs the reconciliation tick once per interval however many workers run it', async () => {
    // The cron is every minute; by now the test has run across at least two of them.
    const ticks = await waitFor(
      async () => {
        const rows: Array<{ minute: string; n: number }> = await c.dataSource.query(
          `SELECT date_trunc('minute', created_on) AS minute, count(*)::int AS n
             FROM (SELECT created_on FROM pgboss.job WHERE name = 'sync.reconcile'
                   UNION ALL SELECT created_on FROM pgboss.archive WHERE name = 'sync.reconcile') jobs
            GROUP BY 1 ORDER BY 1`,
        );
        return rows.length >= 2 && rows;
      },
      130_000,
      'two reconciliation ticks',
    );
    expect(ticks.map((t) => t.n)).toEqual(ticks.map(() => 1));
  }, 150_000);
});

/** Every label of every issue in Jira project HW, through Jira's own search API. */
async function jiraLabels(jiraUrl: string): Promise<string[]> {
  const labels: string[] = [];
  let nextPageToken: string | undefined;
  do {
    const res = await fetch(`${jiraUrl}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${CLUSTER_JIRA.email}:${CLUSTER_JIRA.apiToken}`).toString('base64')}`,
      },
      body: JSON.stringify({ jql: 'project = HW', fields: ['labels'], maxResults: 100, nextPageToken }),
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      issues: Array<{ fields: { labels: string[] } }>;
      nextPageToken?: string;
    };
    for (const issue of page.issues) labels.push(...issue.fields.labels);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return labels;
}
