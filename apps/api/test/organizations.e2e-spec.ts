import type { Role } from '@portico/auth';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import type { Organization } from '../src/organizations/entities/organization.entity';

type Client = ReturnType<typeof authed>;

/**
 * The permission matrix of issue 3: every role against organisations, users and invitations of
 * their own and of another organisation — status codes, and list contents.
 */
describe('Organizations and users: permission matrix', () => {
  let t: TestApp;
  let internal: Organization;
  let orgA: Organization;
  let orgB: Organization;
  const users = {} as Record<'admin' | 'pm' | 'aAdmin' | 'aMember' | 'bAdmin' | 'bMember', TestUser>;
  const as = {} as Record<keyof typeof users, Client>;

  beforeAll(async () => {
    t = await createTestApp();
    internal = await createOrg(t, { kind: 'internal', name: 'Portico Internal' });
    orgA = await createOrg(t, { name: 'Acme' });
    orgB = await createOrg(t, { name: 'Borealis' });
    users.admin = await createUser(t, { org: internal, role: 'admin' });
    users.pm = await createUser(t, { org: internal, role: 'pm' });
    users.aAdmin = await createUser(t, { org: orgA, role: 'supplier_admin' });
    users.aMember = await createUser(t, { org: orgA, role: 'supplier_member' });
    users.bAdmin = await createUser(t, { org: orgB, role: 'supplier_admin' });
    users.bMember = await createUser(t, { org: orgB, role: 'supplier_member' });
    for (const key of Object.keys(users) as (keyof typeof users)[])
      as[key] = authed(t, await loginAs(t, users[key]));
  });
  afterAll(() => t.close());

  describe('GET /api/v1/organizations', () => {
    it.each([
      ['admin', ['Acme', 'Borealis', 'Portico Internal']],
      ['pm', ['Acme', 'Borealis', 'Portico Internal']],
      ['aAdmin', ['Acme']],
      ['aMember', ['Acme']],
      ['bMember', ['Borealis']],
    ] as const)('shows %s exactly %j', async (who, names) => {
      const res = await as[who].get('/api/v1/organizations').expect(200);
      expect(res.body.items.map((o: { name: string }) => o.name)).toEqual(names);
      expect(res.body.nextCursor).toBeNull();
    });

    it('pages with a cursor', async () => {
      const first = await as.admin.get('/api/v1/organizations?limit=2').expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await as.admin
        .get(`/api/v1/organizations?limit=2&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.items.map((o: { name: string }) => o.name)).toEqual(['Portico Internal']);
      expect(second.body.nextCursor).toBeNull();
    });

    it('rejects a forged cursor and a bad limit with 400 naming the field', async () => {
      const res = await as.admin.get('/api/v1/organizations?cursor=garbage').expect(400);
      expect(res.body.errors[0].field).toBe('cursor');
      const limit = await as.admin.get('/api/v1/organizations?limit=0').expect(400);
      expect(limit.body.errors[0].field).toBe('limit');
    });
  });

  describe('GET /api/v1/organizations/:id', () => {
    it.each([
      ['admin', 200],
      ['pm', 200],
      ['aAdmin', 200],
      ['aMember', 200],
      ['bAdmin', 404],
      ['bMember', 404],
    ] as const)('answers %s for org A with %i', async (who, status) => {
      await as[who].get(`/api/v1/organizations/${orgA.id}`).expect(status);
    });

    it('rejects a malformed id with 400 before querying', async () => {
      await as.admin.get('/api/v1/organizations/not-a-uuid').expect(400);
    });
  });

  describe('POST /api/v1/organizations', () => {
    it.each([
      ['admin', 201],
      ['pm', 201],
      ['aAdmin', 403],
      ['aMember', 403],
    ] as const)('answers %s with %i', async (who, status) => {
      const res = await as[who]
        .post('/api/v1/organizations')
        .send({ name: `New by ${who}` })
        .expect(status);
      if (status === 201)
        expect(res.body).toMatchObject({ kind: 'supplier', status: 'active', requireMfa: false });
    });

    it('refuses to take the kind from the client (mass assignment)', async () => {
      const res = await as.pm
        .post('/api/v1/organizations')
        .send({ name: 'Sneaky', kind: 'internal' })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('kind');
    });
  });

  describe('PATCH /api/v1/organizations/:id', () => {
    it('lets pm and admin rename a supplier org; suppliers get 403 (own) or 404 (other)', async () => {
      await as.pm.patch(`/api/v1/organizations/${orgA.id}`).send({ name: 'Acme' }).expect(200);
      await as.admin.patch(`/api/v1/organizations/${orgA.id}`).send({ name: 'Acme' }).expect(200);
      await as.aAdmin.patch(`/api/v1/organizations/${orgA.id}`).send({ name: 'Mine' }).expect(403);
      await as.bAdmin.patch(`/api/v1/organizations/${orgA.id}`).send({ name: 'Mine' }).expect(403);
    });

    it('lets only an admin require MFA', async () => {
      await as.pm.patch(`/api/v1/organizations/${orgB.id}`).send({ requireMfa: true }).expect(403);
      const res = await as.admin
        .patch(`/api/v1/organizations/${orgB.id}`)
        .send({ requireMfa: false })
        .expect(200);
      expect(res.body.requireMfa).toBe(false);
    });

    it('locks out every member of a disabled organisation at once, and lets them back when re-enabled', async () => {
      const org = await createOrg(t);
      const member = await createUser(t, { org });
      const token = await loginAs(t, member);
      await authed(t, token).get('/api/v1/me').expect(200);
      await as.pm.patch(`/api/v1/organizations/${org.id}`).send({ status: 'disabled' }).expect(200);
      await authed(t, token).get('/api/v1/me').expect(401);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: member.email, password: member.password })
        .expect(401);
      await as.pm.patch(`/api/v1/organizations/${org.id}`).send({ status: 'active' }).expect(200);
      await loginAs(t, member);
    });

    it('does not let a pm edit the internal organisation', async () => {
      await as.pm.patch(`/api/v1/organizations/${internal.id}`).send({ name: 'Ours' }).expect(403);
    });
  });

  describe('GET /api/v1/organizations/:id/users', () => {
    it.each([
      ['admin', 200],
      ['pm', 200],
      ['aAdmin', 200],
      ['aMember', 200],
      ['bAdmin', 404],
      ['bMember', 404],
    ] as const)('answers %s for org A with %i and lists only org A', async (who, status) => {
      const res = await as[who].get(`/api/v1/organizations/${orgA.id}/users`).expect(status);
      if (status === 200) {
        expect(res.body.items.every((u: { orgId: string }) => u.orgId === orgA.id)).toBe(true);
        expect(res.body.items.map((u: { id: string }) => u.id)).toEqual(
          expect.arrayContaining([users.aAdmin.id, users.aMember.id]),
        );
        expect(res.body.items[0]).not.toHaveProperty('passwordHash');
      }
    });
  });

  describe('POST /api/v1/organizations/:id/invitations', () => {
    const invite = (who: keyof typeof users, orgId: string, role: Role) =>
      as[who]
        .post(`/api/v1/organizations/${orgId}/invitations`)
        .send({ email: `inv-${who}-${role}-${Math.random().toString(36).slice(2)}@x.test`, role });

    it.each([
      ['admin', 201],
      ['pm', 201],
      ['aAdmin', 201],
      ['aMember', 403],
      ['bAdmin', 404],
      ['bMember', 403],
    ] as const)('answers %s inviting a member into org A with %i', async (who, status) => {
      await invite(who, orgA.id, 'supplier_member').expect(status);
    });

    it('does not let a pm or supplier_admin invite internal roles', async () => {
      await invite('pm', internal.id, 'pm').expect(403);
      await invite('aAdmin', orgA.id, 'pm').expect(403);
    });

    it('refuses roles that do not fit the organisation', async () => {
      const res = await invite('admin', internal.id, 'supplier_member').expect(422);
      expect(res.body.errors[0].field).toBe('role');
    });

    it('refuses to invite an address that already has an account', async () => {
      await as.pm
        .post(`/api/v1/organizations/${orgA.id}/invitations`)
        .send({ email: users.bMember.email.toUpperCase(), role: 'supplier_member' })
        .expect(409);
    });

    it('refuses an orgId in the body (mass assignment)', async () => {
      await as.aAdmin
        .post(`/api/v1/organizations/${orgA.id}/invitations`)
        .send({ email: 'x@x.test', role: 'supplier_member', orgId: orgB.id })
        .expect(400);
    });
  });

  describe('PATCH /api/v1/users/:id', () => {
    const fresh = (org: Organization, role: Role = 'supplier_member') => createUser(t, { org, role });

    it.each([
      ['admin', 200],
      ['pm', 200],
      ['aAdmin', 200],
      ['aMember', 403],
      ['bAdmin', 404],
      ['bMember', 404],
    ] as const)('answers %s disabling a member of org A with %i', async (who, status) => {
      const target = await fresh(orgA);
      await as[who].patch(`/api/v1/users/${target.id}`).send({ status: 'disabled' }).expect(status);
      const [row] = await t.dataSource.query(`SELECT status FROM "user" WHERE id = $1`, [target.id]);
      expect(row.status).toBe(status === 200 ? 'disabled' : 'active');
    });

    it('ends the sessions of a disabled user at once', async () => {
      const target = await fresh(orgA);
      const token = await loginAs(t, target);
      await as.aAdmin.patch(`/api/v1/users/${target.id}`).send({ status: 'disabled' }).expect(200);
      await authed(t, token).get('/api/v1/me').expect(401);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: target.email, password: target.password })
        .expect(401);
    });

    it('lets a supplier_admin promote within supplier roles but never to pm or admin', async () => {
      const target = await fresh(orgA);
      await as.aAdmin.patch(`/api/v1/users/${target.id}`).send({ role: 'supplier_admin' }).expect(200);
      await as.aAdmin.patch(`/api/v1/users/${target.id}`).send({ role: 'pm' }).expect(403);
      await as.aAdmin.patch(`/api/v1/users/${target.id}`).send({ role: 'admin' }).expect(403);
    });

    it('does not let a pm touch internal accounts', async () => {
      const otherPm = await fresh(internal, 'pm');
      await as.pm.patch(`/api/v1/users/${otherPm.id}`).send({ status: 'disabled' }).expect(403);
    });

    it('does not let a pm grant an internal role to a supplier user', async () => {
      const target = await fresh(orgA);
      await as.pm.patch(`/api/v1/users/${target.id}`).send({ role: 'pm' }).expect(403);
    });

    it('refuses a role that does not fit the organisation even for an admin', async () => {
      const target = await fresh(orgA);
      await as.admin.patch(`/api/v1/users/${target.id}`).send({ role: 'pm' }).expect(422);
    });

    it.each(['admin', 'pm', 'aAdmin', 'aMember'] as const)(
      'never lets %s change their own role or status',
      async (who) => {
        await as[who].patch(`/api/v1/users/${users[who].id}`).send({ role: 'supplier_admin' }).expect(403);
        await as[who].patch(`/api/v1/users/${users[who].id}`).send({ status: 'disabled' }).expect(403);
        const [row] = await t.dataSource.query(`SELECT role, status FROM "user" WHERE id = $1`, [
          users[who].id,
        ]);
        expect(row).toEqual({ role: users[who].role, status: 'active' });
      },
    );

    it.each([
      { orgId: '00000000-0000-4000-8000-000000000000' },
      { email: 'new@x.test' },
      { passwordHash: 'x' },
      { sessionVersion: 9 },
    ])('refuses %j in the body (mass assignment)', async (body) => {
      const target = await fresh(orgA);
      await as.admin.patch(`/api/v1/users/${target.id}`).send(body).expect(400);
    });

    it('records role and status changes in the audit trail', async () => {
      const target = await fresh(orgA);
      await as.pm
        .patch(`/api/v1/users/${target.id}`)
        .send({ role: 'supplier_admin', status: 'disabled' })
        .expect(200);
      const rows: { action: string; actor_id: string }[] = await t.dataSource.query(
        `SELECT action, actor_id FROM audit_event WHERE resource_id = $1 ORDER BY seq`,
        [target.id],
      );
      expect(rows).toHaveLength(2);
      expect(rows).toEqual(
        expect.arrayContaining([
          { action: 'user.role.changed', actor_id: users.pm.id },
          { action: 'user.status.changed', actor_id: users.pm.id },
        ]),
      );
    });
  });

  describe('mass assignment on the remaining write DTOs', () => {
    it.each([
      [
        'PATCH organizations/:id',
        'patch',
        (): string => `/api/v1/organizations/${orgA.id}`,
        { name: 'Acme', kind: 'internal' },
      ],
      [
        'POST me/password',
        'post',
        (): string => '/api/v1/me/password',
        { currentPassword: 'x', newPassword: 'y', role: 'admin' },
      ],
      [
        'POST me/mfa/confirm',
        'post',
        (): string => '/api/v1/me/mfa/confirm',
        { code: '123456', totpEnabledAt: '2020-01-01' },
      ],
      [
        'DELETE me/mfa',
        'delete',
        (): string => '/api/v1/me/mfa',
        { password: 'x', userId: '00000000-0000-4000-8000-000000000001' },
      ],
    ] as const)('%s refuses unknown fields with 400 naming them', async (_name, method, url, body) => {
      const res = await as.admin[method](url()).send(body).expect(400);
      const extra = Object.keys(body).pop()!;
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(extra);
    });

    it.each([
      [
        'POST auth/password-reset',
        '/api/v1/auth/password-reset',
        { email: 'a@b.test', userId: '00000000-0000-4000-8000-000000000000' },
      ],
      [
        'POST auth/password-reset/:token',
        '/api/v1/auth/password-reset/abc',
        { password: 'a fine passphrase', userId: '00000000-0000-4000-8000-000000000000' },
      ],
      [
        'POST auth/invitations/:token/accept',
        '/api/v1/auth/invitations/abc/accept',
        { displayName: 'x', password: 'a fine passphrase', orgId: '00000000-0000-4000-8000-000000000002' },
      ],
    ] as const)('%s refuses unknown fields with 400', async (_name, url, body) => {
      await t.http().post(url).send(body).expect(400);
    });
  });

  describe('me', () => {
    it('lets everyone change their display name and language', async () => {
      const res = await as.aMember
        .patch('/api/v1/me')
        .send({ displayName: 'Ben B.', locale: 'zh-CN' })
        .expect(200);
      expect(res.body).toMatchObject({ displayName: 'Ben B.', locale: 'zh-CN' });
    });

    it.each([
      { role: 'admin' },
      { orgId: '00000000-0000-4000-8000-000000000000' },
      { status: 'active' },
      { email: 'x@x.test' },
      { locale: 'fr' },
    ])('refuses %j on PATCH me (mass assignment / bad value)', async (body) => {
      await as.aMember.patch('/api/v1/me').send(body).expect(400);
    });

    it('changes the password only with the current one, ending every session', async () => {
      const user = await createUser(t, { org: orgA });
      const token = await loginAs(t, user);
      await authed(t, token)
        .post('/api/v1/me/password')
        .send({ currentPassword: 'wrong password!', newPassword: 'a brand new passphrase' })
        .expect(400);
      const weak = await authed(t, token)
        .post('/api/v1/me/password')
        .send({ currentPassword: user.password, newPassword: '1qaz2wsx3edc' })
        .expect(422);
      expect(weak.body.errors[0].field).toBe('password');
      await authed(t, token)
        .post('/api/v1/me/password')
        .send({ currentPassword: user.password, newPassword: 'a brand new passphrase' })
        .expect(204);
      await authed(t, token).get('/api/v1/me').expect(401);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(401);
      await loginAs(t, { email: user.email, password: 'a brand new passphrase' });
    });
  });
});
