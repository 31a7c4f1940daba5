import { authed, clientFor } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { createSiblingApp, createTestApp, TestApp } from './support/test-app';
import { Client, createTwoTenantWorld, TwoTenantWorld } from './support/two-tenant-world';

const v1 = (path: string) => `/api/v1/${path}`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function createToken(as: Client, orgId: string, scopes: string[], name = `token ${scopes.join(' ')}`) {
  const res = await as
    .post(v1(`organizations/${orgId}/api-tokens`))
    .send({ name, scopes, expiresAt: inDays(30) });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string; name: string };
}

describe('API tokens', () => {
  let w: TwoTenantWorld;
  let acmeAll: { id: string; secret: string };
  let borealisAll: { id: string; secret: string };
  /** A second API process on the same database (kept for the whole file, as the other suites do). */
  let sibling: TestApp;
  const ALL = ['items:read', 'files:read', 'files:write', 'defects:read', 'defects:write', 'comments:write'];

  beforeAll(async () => {
    w = await createTwoTenantWorld();
    acmeAll = await createToken(w.as.acmeAdmin, w.acme.orgId, ALL, 'Acme everything');
    borealisAll = await createToken(w.as.borealisAdmin, w.borealis.orgId, ALL, 'Borealis everything');
    sibling = await createSiblingApp(w.t);
  }, 120_000);
  afterAll(async () => {
    await sibling?.close();
    await w?.close();
  });

  const withToken = (secret: string) => authed(w.t, secret);

  it('shows the secret once and stores only its SHA-256', async () => {
    expect(acmeAll.secret).toMatch(/^ptk_[A-Za-z0-9_-]{43}$/);
    const list = await w.as.acmeAdmin.get(v1(`organizations/${w.acme.orgId}/api-tokens`)).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(acmeAll.secret);
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain('Acme everything');
    const [row] = await w.t.dataSource.query(
      `SELECT encode(secret_hash, 'hex') AS hash, prefix FROM api_token WHERE id = $1`,
      [acmeAll.id],
    );
    const { createHash } = await import('node:crypto');
    expect(row.hash).toBe(createHash('sha256').update(acmeAll.secret).digest('hex'));
    expect(acmeAll.secret.startsWith(row.prefix)).toBe(true);
  });

  it('reads what the organisation may read, and records last use (time and address)', async () => {
    const items = await withToken(acmeAll.secret)
      .get(v1(`workspaces/${w.acme.workspaceId}/items`))
      .expect(200);
    expect(JSON.stringify(items.body)).toContain(w.acme.itemId);
    await withToken(acmeAll.secret)
      .get(v1(`items/${w.acme.itemId}`))
      .expect(200);
    const list = await w.as.acmeAdmin.get(v1(`organizations/${w.acme.orgId}/api-tokens`)).expect(200);
    expect(list.body.items[0].lastUsedAt).not.toBeNull();
    expect(list.body.items[0].lastUsedIp).toMatch(/127\.0\.0\.1/);
  });

  it("a Borealis token never sees Acme's data: 404 for every Acme id", async () => {
    const borealis = withToken(borealisAll.secret);
    for (const path of [
      `workspaces/${w.acme.workspaceId}`,
      `workspaces/${w.acme.workspaceId}/items`,
      `items/${w.acme.itemId}`,
      `items/${w.acme.itemId}/comments`,
      `files/${w.acme.fileId}`,
      `files/${w.acme.fileId}/revisions/${w.acme.revisionSeq}/download`,
      `defects/${w.acme.defectId}`,
      `workspaces/${w.acme.workspaceId}/defects`,
    ]) {
      const res = await borealis.get(v1(path));
      expect([path, res.status]).toEqual([path, 404]);
    }
    const comment = await borealis.post(v1(`items/${w.acme.itemId}/comments`)).send({ body: 'Planted' });
    expect(comment.status).toBe(404);
    const defects = await borealis.get(v1('defects')).expect(200);
    const body = JSON.stringify(defects.body);
    expect(body).not.toContain(w.acme.defectId);
    for (const secret of w.acmeSecrets) expect(body).not.toContain(secret);
  });

  it('refuses what its scopes do not grant with 403 problem+json naming the missing scope', async () => {
    const itemsOnly = await createToken(w.as.acmeAdmin, w.acme.orgId, ['items:read']);
    const res = await withToken(itemsOnly.secret).get(v1(`workspaces/${w.acme.workspaceId}/defects`));
    expect([res.status, res.type]).toEqual([403, 'application/problem+json']);
    expect(res.body.detail).toContain('defects:read');
    const write = await withToken(itemsOnly.secret)
      .post(v1(`items/${w.acme.itemId}/comments`))
      .send({ body: 'Not allowed' });
    expect(write.status).toBe(403);
    expect(write.body.detail).toContain('comments:write');
    // Routes of people, not of integrations: profile and token management.
    await withToken(itemsOnly.secret).get(v1('me')).expect(403);
    await withToken(itemsOnly.secret)
      .get(v1(`organizations/${w.acme.orgId}/api-tokens`))
      .expect(403);
    // A supplier member's rules at most: never a staff route, whatever the scopes.
    await withToken(acmeAll.secret)
      .post(v1(`items/${w.acme.itemId}/publish`))
      .send({})
      .expect(403);
  });

  it("audits a change made with a token with the token's name", async () => {
    const res = await withToken(acmeAll.secret)
      .post(v1(`items/${w.acme.itemId}/comments`))
      .send({ body: 'Posted by our tracker' })
      .expect(201);
    const events = await w.t.dataSource.query(
      `SELECT actor_id, details FROM audit_event WHERE action = 'api_token.used' AND resource_id = $1`,
      [acmeAll.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].details).toMatchObject({
      tokenName: 'Acme everything',
      method: 'POST',
      route: '/api/v1/items/:id/comments',
      status: 201,
    });
    const [author] = await w.t.dataSource.query(
      `SELECT u.org_id, u.role, u.password_hash FROM comment c JOIN "user" u ON u.id = c.author_id WHERE c.id = $1`,
      [res.body.id],
    );
    expect(author).toEqual({ org_id: w.acme.orgId, role: 'supplier_member', password_hash: null });
    expect(events[0].actor_id).not.toBe(w.acmeAdmin.id);
    // Reads are not audited.
    await withToken(acmeAll.secret)
      .get(v1(`items/${w.acme.itemId}`))
      .expect(200);
    const after = await w.t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'api_token.used' AND resource_id = $1`,
      [acmeAll.id],
    );
    expect(after[0].n).toBe(1);
  });

  it('stops working once expired', async () => {
    const token = await createToken(w.as.acmeAdmin, w.acme.orgId, ['items:read']);
    await withToken(token.secret)
      .get(v1(`items/${w.acme.itemId}`))
      .expect(200);
    await w.t.dataSource.query(
      `UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [token.id],
    );
    const res = await withToken(token.secret).get(v1(`items/${w.acme.itemId}`));
    expect([res.status, res.type]).toEqual([401, 'application/problem+json']);
  });

  it('is revoked at once on every API process', async () => {
    const token = await createToken(w.as.acmeAdmin, w.acme.orgId, ['items:read']);
    await authed(sibling, token.secret)
      .get(v1(`items/${w.acme.itemId}`))
      .expect(200);
    await w.as.acmeAdmin.delete(v1(`organizations/${w.acme.orgId}/api-tokens/${token.id}`)).expect(204);
    await authed(sibling, token.secret)
      .get(v1(`items/${w.acme.itemId}`))
      .expect(401);
    await withToken(token.secret)
      .get(v1(`items/${w.acme.itemId}`))
      .expect(401);
    const [event] = await w.t.dataSource.query(
      `SELECT details FROM audit_event WHERE action = 'api_token.revoked' AND resource_id = $1`,
      [token.id],
    );
    expect(event.details.name).toBe(token.name);
  });

  it('is managed by supplier admins of the organisation and by admins only', async () => {
    const body = { name: 'x', scopes: ['items:read'], expiresAt: inDays(1) };
    await w.as.acmeMember
      .post(v1(`organizations/${w.acme.orgId}/api-tokens`))
      .send(body)
      .expect(403);
    await w.as.acmeMember.get(v1(`organizations/${w.acme.orgId}/api-tokens`)).expect(403);
    await w.as.borealisAdmin
      .post(v1(`organizations/${w.acme.orgId}/api-tokens`))
      .send(body)
      .expect(404);
    await w.as.borealisAdmin.get(v1(`organizations/${w.acme.orgId}/api-tokens`)).expect(404);
    await w.as.borealisAdmin.delete(v1(`organizations/${w.acme.orgId}/api-tokens/${acmeAll.id}`)).expect(404);
    await w.as.borealisAdmin
      .delete(v1(`organizations/${w.borealis.orgId}/api-tokens/${acmeAll.id}`))
      .expect(404);
    const admin = await createUser(w.t, { role: 'admin' });
    const asAdmin = await clientFor(w.t, admin);
    const made = await createToken(asAdmin, w.acme.orgId, ['items:read'], 'Made by an admin');
    await withToken(made.secret)
      .get(v1(`items/${w.acme.itemId}`))
      .expect(200);
    await withToken(made.secret)
      .get(v1(`items/${w.borealis.itemId}`))
      .expect(404);
  });

  it('refuses bad scopes and expiries with 400 naming the field', async () => {
    const post = (body: object) =>
      w.as.acmeAdmin.post(v1(`organizations/${w.acme.orgId}/api-tokens`)).send(body);
    const fields = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field);
    for (const [body, field] of [
      [{ name: 'x', scopes: ['admin:all'], expiresAt: inDays(1) }, 'scopes'],
      [{ name: 'x', scopes: [], expiresAt: inDays(1) }, 'scopes'],
      [{ name: 'x', scopes: ['items:read'], expiresAt: inDays(400) }, 'expiresAt'],
      [{ name: 'x', scopes: ['items:read'], expiresAt: inDays(-1) }, 'expiresAt'],
      [{ name: 'x', scopes: ['items:read'], expiresAt: 'soon' }, 'expiresAt'],
      [{ name: '', scopes: ['items:read'], expiresAt: inDays(1) }, 'name'],
    ] as const) {
      const res = await post(body);
      expect([res.status, res.type, fields(res)]).toEqual([400, 'application/problem+json', [field]]);
    }
  });

  it('lets internal users make personal tokens acting as themselves, narrowed by scopes', async () => {
    const res = await w.as.pm
      .post(v1('me/api-tokens'))
      .send({ name: 'My script', scopes: ['items:read'], expiresAt: inDays(7) })
      .expect(201);
    const pmToken = withToken(res.body.secret);
    await pmToken.get(v1(`items/${w.borealis.itemId}/versions`)).expect(200);
    await pmToken.get(v1(`workspaces/${w.acme.workspaceId}/defects`)).expect(403);
    const list = await w.as.pm.get(v1('me/api-tokens')).expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([res.body.id]);
    await w.as.acmeAdmin
      .post(v1('me/api-tokens'))
      .send({ name: 'Mine', scopes: ['items:read'], expiresAt: inDays(7) })
      .expect(403);
    await w.as.acmeAdmin.delete(v1(`me/api-tokens/${res.body.id}`)).expect(404);
    await w.as.pm.delete(v1(`me/api-tokens/${res.body.id}`)).expect(204);
    await pmToken.get(v1(`items/${w.borealis.itemId}/versions`)).expect(401);
  });
});

describe('API token rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ API_TOKEN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t?.close());

  it('counts every request of a token, with RateLimit-* headers, and 429 beyond', async () => {
    const org = await createOrg(t, { kind: 'supplier' });
    const admin = await createUser(t, { org, role: 'supplier_admin' });
    const as = await clientFor(t, admin);
    const one = await createToken(as, org.id, ['items:read']);
    const other = await createToken(as, org.id, ['items:read']);
    const calls = [];
    for (let i = 0; i < 4; i++) calls.push(await authed(t, one.secret).get(v1('workspaces')));
    expect(calls.map((r) => r.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    expect(calls[0].headers['ratelimit-limit']).toBe('3');
    expect(calls[3].status).toBe(429);
    expect(calls[3].body.limit).toEqual({ name: 'API_TOKEN_RATE_LIMIT_PER_MINUTE', value: 3 });
    // Per token: another token of the same organisation is not affected.
    const fresh = await authed(t, other.secret).get(v1('workspaces'));
    expect(fresh.status).toBe(200);
    expect(fresh.headers['ratelimit-remaining']).toBe('2');
  });
});
