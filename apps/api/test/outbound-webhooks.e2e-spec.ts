import { randomUUID } from 'node:crypto';
import { EgressResolver } from '../src/common/egress';
import { WebhookLogCleanup } from '../src/outbound-webhooks';
import { WebhookDelivery } from '../src/outbound-webhooks/webhook-delivery';
import { authed, clientFor } from './support/auth-helpers';
import { createUser } from './support/factories';
import { Client, createTwoTenantWorld, TwoTenantWorld } from './support/two-tenant-world';
import { eventually, ReceivedWebhook, startWebhookReceiver, verifiedBy } from './support/webhook-receiver';

const ALL_EVENTS = [
  'item.shared',
  'item.version_published',
  'item.withdrawn',
  'defect.status_changed',
  'comment.created',
  'file.revision_reviewed',
  'transmittal.issued',
  'transmittal.responded',
];

describe('Outbound webhooks to suppliers', () => {
  let w: TwoTenantWorld;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const v1 = (path: string) => `/api/v1/${path}`;
  const endpoints = (orgId: string, rest = '') => v1(`organizations/${orgId}/webhook-endpoints${rest}`);
  let acme: { id: string; secret: string };
  let borealis: { id: string; secret: string };
  let edits = 0;

  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  const ofType = (path: string, type: string) => at(path).filter((r) => r.json.type === type);

  async function register(as: Client, orgId: string, path: string, events = ALL_EVENTS) {
    const res = await as
      .post(endpoints(orgId))
      .send({ url: receiver.url(path), events, description: `receiver ${path}` });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, secret: res.body.secret as string };
  }

  async function publishAcme(): Promise<void> {
    w.jira.control.editIssue('HW-1', { summary: `Acme bracket edit ${++edits}` });
    await w.as.pm
      .post(v1(`items/${w.acme.itemId}/publish`))
      .send({ note: `edit ${edits}` })
      .expect(201);
  }

  async function deliveries(as: Client, orgId: string, endpointId: string) {
    const res = await as.get(endpoints(orgId, `/${endpointId}/deliveries`)).expect(200);
    return res.body.items as Array<Record<string, unknown>>;
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    w = await createTwoTenantWorld({
      EGRESS_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      SYNC_POLL_INTERVAL_MS: '100',
      SYNC_RETRY_BASE_SECONDS: '0.2',
      SYNC_RETRY_MAX_SECONDS: '1',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    acme = await register(w.as.acmeAdmin, w.acme.orgId, '/acme');
    borealis = await register(w.as.borealisAdmin, w.borealis.orgId, '/borealis');
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    await receiver?.close();
  });

  it('shows the secret once; lists endpoints without it', async () => {
    expect(acme.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await w.as.acmeAdmin.get(endpoints(w.acme.orgId)).expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([w.acme.webhookEndpointId, acme.id]);
    expect(list.body.items[1]).toMatchObject({
      url: receiver.url('/acme'),
      events: [...ALL_EVENTS].sort(),
      enabled: true,
    });
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const [{ secret_sealed }] = await w.t.dataSource.query(
      `SELECT secret_sealed FROM webhook_endpoint WHERE id = $1`,
      [acme.id],
    );
    expect(secret_sealed).toMatch(/^v1:/);
    expect(secret_sealed).not.toContain(acme.secret.slice(6));
  });

  it('POSTs a signed item.version_published with the supplier projection, to Acme only', async () => {
    await publishAcme();
    const hook = await eventually(
      () =>
        ofType('/acme', 'item.version_published').find((h) =>
          JSON.stringify(h.json).includes(`edit ${edits}`),
        ),
      'item.version_published at /acme',
    );
    expect(verifiedBy([acme.secret], hook)).toEqual([acme.secret]);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(hook.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const data = hook.json.data as Record<string, any>;
    const seen = (await w.as.acmeMember.get(v1(`items/${w.acme.itemId}`)).expect(200)).body;
    expect(data).toMatchObject({
      organizationId: w.acme.orgId,
      workspaceId: w.acme.workspaceId,
      subject: { type: 'shared_item', id: w.acme.itemId },
      link: expect.stringMatching(new RegExp(`/items/${w.acme.itemId}$`)),
    });
    const { lastSeenVersion: _a, unseenChanges: _b, ...sameAsApi } = seen;
    expect(data.item).toMatchObject(sameAsApi);
    expect(data.item).not.toHaveProperty('lastSeenVersion');
    // The supplier projection: no Jira key, no internal item fields.
    expect(hook.body).not.toContain('HW-1');
    expect(data.item).not.toHaveProperty('sourceRef');
    expect(data.item).not.toHaveProperty('draft');
    // The version published, as the API answers it (less what one person acknowledged).
    const published = await w.as.acmeMember
      .get(v1(`items/${w.acme.itemId}/versions/${data.item.latestVersion}`))
      .expect(200);
    const { acknowledged: _ack, ...versionAsApi } = published.body;
    expect(data.version).toEqual(versionAsApi);
    expect(data.version.note).toBe(`edit ${edits}`);
    // Borealis subscribed to everything and still never hears of Acme.
    await new Promise((r) => setTimeout(r, 500));
    for (const h of at('/borealis')) for (const secret of w.acmeSecrets) expect(h.body).not.toContain(secret);
    const [{ count }] = await w.t.dataSource.query(
      `SELECT count(*)::int AS count FROM webhook_message WHERE endpoint_id = $1 AND body LIKE '%' || $2 || '%'`,
      [borealis.id, w.acme.itemId],
    );
    expect(count).toBe(0);
  });

  it('sends each announced event once per endpoint, however often the fan-out runs', async () => {
    const rows: Array<{ n: number }> = await w.t.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_message WHERE endpoint_id = $1 AND event_job_id IS NOT NULL
        GROUP BY event_job_id HAVING count(*) > 1`,
      [acme.id],
    );
    expect(rows).toEqual([]);
    const ids = new Set(at('/acme').map((h) => h.headers['webhook-id']));
    // The attempt is logged just after the receiver answered.
    await eventually(async () => {
      const logged = await deliveries(w.as.acmeAdmin, w.acme.orgId, acme.id);
      return logged.filter((d) => d.succeeded).length === ids.size;
    }, 'one logged success per message received');
  });

  it('never sends an endpoint what happened before it was registered, however late the fan-out runs', async () => {
    const occurredAt = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const late = await register(w.as.acmeAdmin, w.acme.orgId, '/late', ['item.version_published']);
    const jobId = randomUUID();
    // The fan-out of an event published before the registration runs only now (a busy queue, a worker restart).
    await w.t.app.get(WebhookDelivery).fanOut({
      id: jobId,
      name: 'item.version_published',
      data: {
        event: 'item.version_published',
        workspaceId: w.acme.workspaceId,
        actorId: null,
        subject: { type: 'shared_item', id: w.acme.itemId },
        title: 'Bracket',
        path: `/items/${w.acme.itemId}`,
        version: 1,
        occurredAt,
      },
      attempt: 1,
      maxAttempts: 1,
      signal: new AbortController().signal,
    });
    const messages: Array<{ endpoint_id: string; body: string }> = await w.t.dataSource.query(
      `SELECT endpoint_id, body FROM webhook_message WHERE event_job_id = $1`,
      [jobId],
    );
    expect(messages.map((m) => m.endpoint_id)).toEqual([acme.id]);
    // The body says when the event happened, not when it was sent, and carries the version it is about.
    const body = JSON.parse(messages[0].body);
    expect(body.timestamp).toBe(occurredAt);
    const first = await w.as.acmeMember.get(v1(`items/${w.acme.itemId}/versions/1`)).expect(200);
    expect(body.data.item.latestVersion).toBeGreaterThan(1);
    expect(body.data.version).toMatchObject({ version: 1, snapshot: first.body.snapshot });

    // What happens after the registration reaches it.
    await publishAcme();
    await eventually(
      () => ofType('/late', 'item.version_published').find((h) => h.body.includes(`edit ${edits}`)),
      'item.version_published at /late',
    );
    expect(at('/late')).toHaveLength(1);
    await w.as.acmeAdmin.delete(endpoints(w.acme.orgId, `/${late.id}`)).expect(204);
  });

  it('sends replies visible to the organisation, never internal comments', async () => {
    const internal = await w.as.pm
      .post(v1(`items/${w.acme.itemId}/comments`))
      .send({ body: 'Acme secret internal margin note', visibility: 'internal' })
      .expect(201);
    const own = await w.as.acmeMember
      .post(v1(`items/${w.acme.itemId}/comments`))
      .send({ body: 'Acme asks about the chamfer' })
      .expect(201);
    const reply = await w.as.pm
      .post(v1(`items/${w.acme.itemId}/comments`))
      .send({ body: 'Answer for Acme: yes, 0.1 mm' })
      .expect(201);
    const hook = await eventually(
      () => ofType('/acme', 'comment.created').find((h) => h.body.includes(reply.body.id)),
      'the reply',
    );
    expect((hook.json.data as any).comment).toMatchObject({
      id: reply.body.id,
      body: 'Answer for Acme: yes, 0.1 mm',
    });
    expect((hook.json.data as any).comment.sync).toEqual({ state: expect.any(String) });
    // Once their fan-out jobs have run, neither the internal comment nor the organisation's own produced a message.
    for (const id of [internal.body.id, own.body.id]) {
      await eventually(async () => {
        const jobs = await w.t.dataSource.query(
          `SELECT state FROM pgboss.job WHERE name = 'webhooks.fanout' AND data->'payload'->'subject'->>'id' = $1`,
          [id],
        );
        return jobs.length === 1 && jobs[0].state === 'completed';
      }, `the fan-out of comment ${id}`);
      const [{ count }] = await w.t.dataSource.query(
        `SELECT count(*)::int AS count FROM webhook_message WHERE body LIKE '%' || $1 || '%'`,
        [id],
      );
      expect(count).toBe(0);
      expect(receiver.received.some((h) => h.body.includes(id))).toBe(false);
    }
    expect(receiver.received.some((h) => h.body.includes('secret internal margin'))).toBe(false);
  });

  it('signs with both secrets during a rotation overlap', async () => {
    const rotated = await w.as.acmeAdmin
      .post(endpoints(w.acme.orgId, `/${acme.id}/rotate-secret`))
      .expect(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(acme.secret);
    expect(new Date(rotated.body.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now());
    await publishAcme();
    const hook = await eventually(
      () => ofType('/acme', 'item.version_published').find((h) => h.body.includes(`edit ${edits}`)),
      'a delivery after rotation',
    );
    expect(String(hook.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifiedBy([rotated.body.secret, acme.secret], hook)).toEqual([rotated.body.secret, acme.secret]);
    // Past the overlap only the new secret signs.
    await w.t.dataSource.query(
      `UPDATE webhook_endpoint SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [acme.id],
    );
    await w.as.acmeAdmin.post(endpoints(w.acme.orgId, `/${acme.id}/test`)).expect(202);
    const ping = await eventually(() => ofType('/acme', 'ping').at(-1), 'a ping');
    expect(verifiedBy([rotated.body.secret, acme.secret], ping)).toEqual([rotated.body.secret]);
    acme.secret = rotated.body.secret;
  });

  it('retries failures with backoff, logs each attempt (excerpt ≤ 1 KB), and redelivers the same message', async () => {
    const { id } = await register(w.as.acmeAdmin, w.acme.orgId, '/failing', ['item.version_published']);
    receiver.answer.set('/failing', { status: 500, body: 'é'.repeat(3000) });
    await publishAcme();
    const log = await eventually(async () => {
      const items = await deliveries(w.as.acmeAdmin, w.acme.orgId, id);
      return items.length >= 3 ? items : null;
    }, 'three attempts');
    expect(log.map((d) => d.attempt)).toEqual([3, 2, 1]);
    for (const d of log) {
      expect(d).toMatchObject({ succeeded: false, statusCode: 500, event: 'item.version_published' });
      expect(Buffer.byteLength(String(d.responseExcerpt))).toBeLessThanOrEqual(1024);
      expect(String(d.responseExcerpt).length).toBeGreaterThan(400);
    }
    expect(new Set(log.map((d) => d.messageId)).size).toBe(1);
    const sent = at('/failing');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((h) => h.headers['webhook-id']))).toEqual(new Set([log[0].messageId]));
    // The retries waited (exponential backoff from 0.2 s), and the endpoint counts as failing.
    const endpoint = (await w.as.acmeAdmin.get(endpoints(w.acme.orgId, `/${id}`)).expect(200)).body;
    expect(endpoint.failingSince).not.toBeNull();

    receiver.answer.set('/failing', { status: 200, body: 'ok' });
    const again = await w.as.acmeAdmin
      .post(endpoints(w.acme.orgId, `/deliveries/${log[0].id}/redeliver`))
      .expect(202);
    expect(again.body.messageId).toBe(log[0].messageId);
    const fourth = await eventually(async () => {
      const items = await deliveries(w.as.acmeAdmin, w.acme.orgId, id);
      return items.find((d) => d.attempt === 4);
    }, 'the redelivery');
    expect(fourth).toMatchObject({
      succeeded: true,
      statusCode: 200,
      responseExcerpt: 'ok',
      messageId: log[0].messageId,
    });
    expect(at('/failing')[3].body).toBe(sent[0].body);
    expect(
      (await w.as.acmeAdmin.get(endpoints(w.acme.orgId, `/${id}`)).expect(200)).body.failingSince,
    ).toBeNull();
    await w.as.acmeAdmin.delete(endpoints(w.acme.orgId, `/${id}`)).expect(204);
  });

  it('treats a redirect as a failed delivery and never follows it', async () => {
    const { id } = await register(w.as.acmeAdmin, w.acme.orgId, '/moved', ['item.version_published']);
    receiver.answer.set('/moved', { status: 307, headers: { location: receiver.url('/target') } });
    await w.as.acmeAdmin.post(endpoints(w.acme.orgId, `/${id}/test`)).expect(202);
    const [attempt] = await eventually(async () => {
      const items = await deliveries(w.as.acmeAdmin, w.acme.orgId, id);
      return items.length ? items : null;
    }, 'the test attempt');
    expect(attempt).toMatchObject({ succeeded: false, statusCode: 307, event: 'ping' });
    expect(String(attempt.error)).toContain('not followed');
    expect(at('/target')).toHaveLength(0);
    await w.as.acmeAdmin.delete(endpoints(w.acme.orgId, `/${id}`)).expect(204);
  });

  describe('egress policy', () => {
    it.each([
      'http://127.0.0.2:8080/hook',
      'http://localhost.localdomain.invalid/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/hook',
      'http://10.0.0.7/hook',
      'ftp://example.com/hook',
    ])('refuses %s at registration with a 400 naming url', async (url) => {
      for (const res of [
        await w.as.acmeAdmin.post(endpoints(w.acme.orgId)).send({ url, events: ['item.shared'] }),
        await w.as.acmeAdmin.patch(endpoints(w.acme.orgId, `/${acme.id}`)).send({ url }),
      ]) {
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
      }
    });

    it('refuses loopback without the allowlist, at registration and at delivery', async () => {
      const egress = w.t.config.egress;
      const saved = egress.allowPrivateHosts;
      try {
        egress.allowPrivateHosts = [];
        const loop = await w.as.acmeAdmin
          .post(endpoints(w.acme.orgId))
          .send({ url: receiver.url('/x'), events: ['item.shared'] });
        expect([loop.status, loop.body.errors?.[0]?.field]).toEqual([400, 'url']);
        expect(loop.body.errors[0].message).toMatch(/non-public address/);
        // A delivery to an endpoint saved while loopback was allowed fails once it no longer is.
        await w.as.acmeAdmin.post(endpoints(w.acme.orgId, `/${acme.id}/test`)).expect(202);
        const refused = await eventually(async () => {
          const items = await deliveries(w.as.acmeAdmin, w.acme.orgId, acme.id);
          return items.find((d) => d.event === 'ping' && !d.succeeded);
        }, 'a refused delivery');
        expect(refused).toMatchObject({
          statusCode: null,
          error: expect.stringMatching(/non-public address/),
        });
      } finally {
        egress.allowPrivateHosts = saved;
      }
    });

    it('checks the address again at delivery time, after DNS resolution', async () => {
      const egress = w.t.config.egress;
      let calls = 0;
      // Public when registered, loopback when called: a DNS rebinding.
      const rebinding: EgressResolver = async () => [
        { address: calls++ === 0 ? '93.184.216.34' : '127.0.0.2', family: 4 },
      ];
      egress.resolve = rebinding;
      try {
        const res = await w.as.acmeAdmin
          .post(endpoints(w.acme.orgId))
          .send({ url: 'http://rebind.example.com/hook', events: ['item.shared'] })
          .expect(201);
        await w.as.acmeAdmin.post(endpoints(w.acme.orgId, `/${res.body.id}/test`)).expect(202);
        const [attempt] = await eventually(async () => {
          const items = await deliveries(w.as.acmeAdmin, w.acme.orgId, res.body.id);
          return items.length ? items : null;
        }, 'the rebinding attempt');
        expect(attempt).toMatchObject({ succeeded: false, statusCode: null });
        expect(String(attempt.error)).toContain('127.0.0.2');
        await w.as.acmeAdmin.delete(endpoints(w.acme.orgId, `/${res.body.id}`)).expect(204);
      } finally {
        egress.resolve = undefined;
      }
    });
  });

  it('disables an endpoint failing for 3 days and tells the supplier admins', async () => {
    const { id } = await register(w.as.acmeAdmin, w.acme.orgId, '/down', ['item.version_published']);
    receiver.answer.set('/down', { status: 503 });
    await w.t.dataSource.query(
      `UPDATE webhook_endpoint SET failing_since = now() - interval '73 hours' WHERE id = $1`,
      [id],
    );
    await publishAcme();
    const endpoint = await eventually(async () => {
      const body = (await w.as.acmeAdmin.get(endpoints(w.acme.orgId, `/${id}`)).expect(200)).body;
      return body.enabled ? null : body;
    }, 'the endpoint to be disabled');
    expect(endpoint.disabledReason).toMatch(/failed since/);
    const notice = await eventually(async () => {
      const res = await w.as.acmeAdmin.get(v1('notifications')).expect(200);
      return (res.body.items as Array<{ event: string; title: string }>).find(
        (n) => n.event === 'webhook.endpoint_disabled',
      );
    }, 'the notice');
    expect(notice.title).toContain('receiver /down');
    const members = await w.as.acmeMember.get(v1('notifications')).expect(200);
    expect(members.body.items.some((n: { event: string }) => n.event === 'webhook.endpoint_disabled')).toBe(
      false,
    );
    const [audit] = await w.t.dataSource.query(
      `SELECT actor_id FROM audit_event WHERE action = 'webhook_endpoint.disabled' AND resource_id = $1`,
      [id],
    );
    expect(audit).toEqual({ actor_id: null });
    // A disabled endpoint receives nothing more; enabling it starts afresh.
    const before = at('/down').length;
    await publishAcme();
    await eventually(
      () => ofType('/acme', 'item.version_published').some((h) => h.body.includes(`edit ${edits}`)),
      'acme',
    );
    expect(at('/down').length).toBe(before);
    const enabled = await w.as.acmeAdmin
      .patch(endpoints(w.acme.orgId, `/${id}`))
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  describe('who manages endpoints', () => {
    it('Borealis gets 404 on every Acme endpoint route', async () => {
      const [first] = await deliveries(w.as.acmeAdmin, w.acme.orgId, acme.id);
      const b = w.as.borealisAdmin;
      for (const res of [
        await b.get(endpoints(w.acme.orgId)),
        await b.post(endpoints(w.acme.orgId)).send({ url: receiver.url('/steal'), events: ['item.shared'] }),
        await b.get(endpoints(w.acme.orgId, `/${acme.id}`)),
        await b.patch(endpoints(w.acme.orgId, `/${acme.id}`)).send({ url: receiver.url('/steal') }),
        await b.delete(endpoints(w.acme.orgId, `/${acme.id}`)),
        await b.post(endpoints(w.acme.orgId, `/${acme.id}/rotate-secret`)),
        await b.get(endpoints(w.acme.orgId, `/${acme.id}/deliveries`)),
        await b.post(endpoints(w.acme.orgId, `/${acme.id}/test`)),
        await b.post(endpoints(w.acme.orgId, `/deliveries/${first.id}/redeliver`)),
        // Through its own organisation's path, Acme's ids are as unknown.
        await b.get(endpoints(w.borealis.orgId, `/${acme.id}`)),
        await b.post(endpoints(w.borealis.orgId, `/deliveries/${first.id}/redeliver`)),
      ])
        expect(res.status).toBe(404);
      expect(at('/steal')).toHaveLength(0);
    });

    it('members are refused (403), admins manage any supplier organisation, audited', async () => {
      await w.as.acmeMember.get(endpoints(w.acme.orgId)).expect(403);
      // An API token (even of the organisation, with every scope) never manages webhooks.
      const token = authed(w.t, w.acme.apiTokenSecret);
      await token.get(endpoints(w.acme.orgId)).expect(403);
      await token.post(endpoints(w.acme.orgId, `/${acme.id}/test`)).expect(403);
      // Internal people other than admins do not manage suppliers' endpoints.
      await w.as.pm.get(endpoints(w.acme.orgId)).expect(404);
      const admin = await clientFor(w.t, await createUser(w.t, { role: 'admin' }));
      const list = await admin.get(endpoints(w.acme.orgId)).expect(200);
      expect(list.body.items.map((e: { id: string }) => e.id)).toContain(acme.id);
      const actions: Array<{ action: string }> = await w.t.dataSource.query(
        `SELECT DISTINCT action FROM audit_event WHERE resource_type = 'WebhookEndpoint' ORDER BY action`,
      );
      expect(actions.map((a) => a.action)).toEqual([
        'webhook_endpoint.created',
        'webhook_endpoint.deleted',
        'webhook_endpoint.disabled',
        'webhook_endpoint.redelivered',
        'webhook_endpoint.secret_rotated',
        'webhook_endpoint.updated',
      ]);
    });
  });

  it('announces item.shared on the first version and item.withdrawn, the latter with ids only', async () => {
    const itemId = w.acme.draftItemId;
    await w.as.pm
      .post(v1(`items/${itemId}/publish`))
      .send({})
      .expect(201);
    const shared = await eventually(
      () => ofType('/acme', 'item.shared').find((h) => h.body.includes(itemId)),
      'item.shared',
    );
    expect((shared.json.data as any).item).toMatchObject({ id: itemId, latestVersion: 1 });
    // Each event is a message of its own; they may arrive in either order.
    await eventually(
      () => ofType('/acme', 'item.version_published').some((h) => h.body.includes(itemId)),
      'item.version_published of the newly shared item',
    );
    await w.as.pm.delete(v1(`items/${itemId}`)).expect(204);
    const withdrawn = await eventually(
      () => ofType('/acme', 'item.withdrawn').find((h) => h.body.includes(itemId)),
      'item.withdrawn',
    );
    expect(withdrawn.json.data).toEqual({
      organizationId: w.acme.orgId,
      workspaceId: w.acme.workspaceId,
      subject: { type: 'shared_item', id: itemId },
      link: expect.stringMatching(new RegExp(`/items/${itemId}$`)),
    });
  });

  it('sends file.revision_reviewed with the file and revision as the API answers them', async () => {
    await w.as.pm
      .patch(v1(`files/${w.acme.fileId}/revisions/${w.acme.revisionSeq}`))
      .send({ reviewState: 'approved', note: 'Fine for Acme' })
      .expect(200);
    const hook = await eventually(
      () => ofType('/acme', 'file.revision_reviewed').find((h) => h.body.includes(w.acme.revisionId)),
      'file.revision_reviewed',
    );
    expect(verifiedBy([acme.secret], hook)).toEqual([acme.secret]);
    const data = hook.json.data as any;
    const file = (await w.as.acmeMember.get(v1(`files/${w.acme.fileId}`)).expect(200)).body;
    expect(data.subject).toEqual({ type: 'file_revision', id: w.acme.revisionId });
    expect(data.revision).toEqual(file.revisions.find((r: { id: string }) => r.id === w.acme.revisionId));
    expect(data.revision.reviewState).toBe('approved');
    const { revisions: _r, ...fileOnly } = file;
    expect(data.file).toEqual(fileOnly);
  });

  it('sends defect.status_changed with the supplier-facing defect only', async () => {
    await w.t.app.listen(0, '127.0.0.1');
    w.jira.control.setWebhookUrl(
      `${await w.t.app.getUrl()}/api/v1/webhooks/jira`.replace('[::1]', '127.0.0.1'),
    );
    await w.as.pm
      .patch(v1(`workspaces/${w.acme.workspaceId}`))
      .send({ statusMap: { 'In Progress': 'Being fixed' } })
      .expect(200);
    const key = await eventually(async () => {
      const [row] = await w.t.dataSource.query(`SELECT jira_key FROM defect WHERE id = $1`, [
        w.acme.defectId,
      ]);
      return row?.jira_key as string | null;
    }, 'the defect in Jira');
    w.jira.control.transitionIssue(key, 'In Progress');
    const hook = await eventually(
      () => ofType('/acme', 'defect.status_changed').find((h) => h.body.includes(w.acme.defectId)),
      'defect.status_changed',
    );
    const data = hook.json.data as any;
    expect(data.status).toBe('Being fixed');
    const seen = (await w.as.acmeMember.get(v1(`defects/${w.acme.defectId}`)).expect(200)).body;
    expect(data.defect).toEqual(seen);
    expect(hook.body).not.toContain(key);
    expect(hook.body).not.toContain('In Progress');
  });

  it('Borealis receives its own events', async () => {
    w.jira.control.editIssue('HW-3', { summary: 'Borealis change' });
    await w.as.pm
      .post(v1(`items/${w.borealis.itemId}/publish`))
      .send({})
      .expect(201);
    const hook: ReceivedWebhook = await eventually(
      () => ofType('/borealis', 'item.version_published')[0],
      'borealis',
    );
    expect(verifiedBy([borealis.secret], hook)).toEqual([borealis.secret]);
    expect((hook.json.data as any).item.id).toBe(w.borealis.itemId);
  });

  it('deletes ended messages older than the retention period with their attempts, keeps pending ones', async () => {
    const db = w.t.dataSource;
    const insert = async (state: string, daysAgo: number) => {
      const [{ id }] = await db.query(
        `INSERT INTO webhook_message (endpoint_id, event, body, state, created_at)
         VALUES ($1, 'item.shared', '{}', $2, now() - make_interval(days => $3)) RETURNING id`,
        [acme.id, state, daysAgo],
      );
      await db.query(
        `INSERT INTO webhook_attempt (message_id, endpoint_id, attempt, succeeded, duration_ms)
         VALUES ($1, $2, 1, $3, 5)`,
        [id, acme.id, state === 'delivered'],
      );
      return id as string;
    };
    const oldDelivered = await insert('delivered', 31);
    const oldFailed = await insert('failed', 40);
    const oldPending = await insert('pending', 45);
    const recentDelivered = await insert('delivered', 29);
    const [{ before }] = await db.query(`SELECT count(*)::int AS before FROM webhook_message`);

    // WEBHOOK_LOG_RETENTION_DAYS defaults to 30.
    expect(await w.t.app.get(WebhookLogCleanup).runOnce()).toBe(2);

    const left = await db.query(`SELECT id FROM webhook_message WHERE id = ANY($1)`, [
      [oldDelivered, oldFailed, oldPending, recentDelivered],
    ]);
    expect(left.map((r: { id: string }) => r.id).sort()).toEqual([oldPending, recentDelivered].sort());
    const [{ orphans }] = await db.query(
      `SELECT count(*)::int AS orphans FROM webhook_attempt WHERE message_id = ANY($1)`,
      [[oldDelivered, oldFailed]],
    );
    expect(orphans).toBe(0);
    const [{ after }] = await db.query(`SELECT count(*)::int AS after FROM webhook_message`);
    expect(after).toBe(before - 2);
    expect(await w.t.app.get(WebhookLogCleanup).runOnce()).toBe(0);
  });
});
