import jwt from 'jsonwebtoken';
import { unpackRules } from '@casl/ability/extra';
import { createMongoAbility, RawRuleOf, subject } from '@casl/ability';
import { AbilityFactory, accessibleWhere, AppAbility } from '@portico/auth';
import { hashToken } from '../src/sessions/token.service';
import { User } from '../src/users/entities/user.entity';
import { UsersService } from '../src/users/users.service';
import { authed, loginAs, refreshCookieFrom } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Sign-in and sessions', () => {
  let t: TestApp;
  let member: TestUser;
  const secret = 'test-secret-that-is-long-enough-0123456789';

  beforeAll(async () => {
    t = await createTestApp();
    member = await createUser(t, { role: 'supplier_member', email: 'Ben@Acme.example' });
  });
  afterAll(() => t.close());

  const login = (body: object) => t.http().post('/api/v1/auth/login').send(body);
  /** A token like the API's own; `expiresIn: undefined` leaves `exp` out (unless the claims carry one). */
  const forgeToken = (claims: object, options: jwt.SignOptions = {}, key = secret) => {
    const merged: jwt.SignOptions = {
      algorithm: 'HS256',
      subject: member.id,
      issuer: t.config.publicUrl,
      audience: 'portico-api',
      expiresIn: 60,
      ...options,
    };
    if (merged.expiresIn === undefined) delete merged.expiresIn;
    return jwt.sign({ ver: 0, ...claims }, key, merged);
  };

  describe('POST /api/v1/auth/login', () => {
    it('returns a 15-minute access token, the user and an HttpOnly SameSite=Strict refresh cookie scoped to the auth routes', async () => {
      const res = await login({ email: 'ben@acme.example', password: member.password }).expect(200);
      expect(res.body).toMatchObject({
        expiresIn: 900,
        user: {
          id: member.id,
          orgId: member.orgId,
          orgKind: 'supplier',
          role: 'supplier_member',
          email: 'ben@acme.example',
          locale: 'en',
        },
      });
      const claims = jwt.decode(res.body.accessToken, { complete: true })!;
      expect(claims.header.alg).toBe('HS256');
      expect(claims.payload).toMatchObject({ sub: member.id, iss: t.config.publicUrl, aud: 'portico-api' });
      const payload = claims.payload as jwt.JwtPayload;
      expect(payload.exp! - payload.iat!).toBe(900);
      const cookie = ([] as string[])
        .concat(res.headers['set-cookie'])
        .find((c) => c.startsWith('portico_refresh='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    });

    it('treats the email case-insensitively', async () => {
      await login({ email: 'BEN@ACME.EXAMPLE', password: member.password }).expect(200);
    });

    it('answers a wrong password and an unknown email with the same generic 401', async () => {
      const wrong = await login({ email: member.email, password: 'not the password' }).expect(401);
      const unknown = await login({ email: 'nobody@acme.example', password: 'not the password' }).expect(401);
      expect(wrong.headers['content-type']).toMatch(/problem\+json/);
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it('refuses disabled and invited users with the same generic 401', async () => {
      const disabled = await createUser(t, { status: 'disabled' });
      const invited = await createUser(t, { status: 'invited' });
      const a = await login({ email: disabled.email, password: disabled.password }).expect(401);
      const b = await login({ email: invited.email, password: invited.password }).expect(401);
      expect(a.body.detail).toBe('Invalid email or password');
      expect(b.body.detail).toBe('Invalid email or password');
    });

    it('refuses users of a disabled organisation', async () => {
      const org = await createOrg(t, { status: 'disabled' });
      const user = await createUser(t, { org });
      await login({ email: user.email, password: user.password }).expect(401);
    });

    it('names every bad field of a malformed request', async () => {
      const res = await login({ email: 'not-an-email', password: 'x'.repeat(300), role: 'admin' }).expect(
        400,
      );
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'role']));
    });

    it('records successful and failed sign-ins in the audit trail', async () => {
      const rows: { action: string }[] = await t.dataSource.query(
        `SELECT action FROM audit_event WHERE resource_id = $1`,
        [member.id],
      );
      const actions = rows.map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['auth.login.succeeded', 'auth.login.failed']));
    });
  });

  describe('lockout', () => {
    it('locks an account for 15 minutes after 10 consecutive failures, even for the right password, and it expires', async () => {
      const user = await createUser(t);
      for (let i = 0; i < 10; i++) await login({ email: user.email, password: `wrong-${i}` }).expect(401);
      // Locked is said as such (423), so the sign-in page can tell the person to wait, not to retype.
      const locked = await login({ email: user.email, password: user.password }).expect(423);
      expect(locked.body.type).toMatch(/account-locked$/);
      expect(locked.body.detail).toContain('locked');
      await login({ email: user.email, password: 'wrong-again' }).expect(423);
      const [row] = await t.dataSource.query(
        `SELECT locked_until > now() + interval '14 minutes' AS long_enough FROM "user" WHERE id = $1`,
        [user.id],
      );
      expect(row.long_enough).toBe(true);
      const events = await t.dataSource.query(
        `SELECT 1 FROM audit_event WHERE action = 'auth.account.locked' AND resource_id = $1`,
        [user.id],
      );
      expect(events).toHaveLength(1);

      await t.dataSource.query(`UPDATE "user" SET locked_until = now() - interval '1 second' WHERE id = $1`, [
        user.id,
      ]);
      await login({ email: user.email, password: user.password }).expect(200);
    });

    it('resets the failure count after a successful sign-in', async () => {
      const user = await createUser(t);
      for (let i = 0; i < 9; i++) await login({ email: user.email, password: 'wrong' }).expect(401);
      await login({ email: user.email, password: user.password }).expect(200);
      await login({ email: user.email, password: 'wrong' }).expect(401);
      await login({ email: user.email, password: user.password }).expect(200);
    });
  });

  describe('access tokens', () => {
    it('lets a valid token through and answers a missing one with 401', async () => {
      const token = await loginAs(t, member);
      await authed(t, token).get('/api/v1/me').expect(200);
      const res = await t.http().get('/api/v1/me').expect(401);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });

    it('rejects an unsigned token (alg none)', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const body = Buffer.from(
        JSON.stringify({
          sub: member.id,
          ver: 0,
          iss: t.config.publicUrl,
          aud: 'portico-api',
          iat: now,
          exp: now + 60,
        }),
      ).toString('base64url');
      await authed(t, `${header}.${body}.`).get('/api/v1/me').expect(401);
    });

    it('rejects a token signed with another key', async () => {
      await authed(t, forgeToken({}, {}, 'another-secret-that-is-long-enough-012345'))
        .get('/api/v1/me')
        .expect(401);
    });

    it('rejects a token signed with another algorithm', async () => {
      await authed(t, forgeToken({}, { algorithm: 'HS512' }))
        .get('/api/v1/me')
        .expect(401);
    });

    it('rejects an expired token', async () => {
      await authed(t, forgeToken({ exp: Math.floor(Date.now() / 1000) - 10 }, { expiresIn: undefined }))
        .get('/api/v1/me')
        .expect(401);
    });

    it('rejects a token without exp', async () => {
      await authed(t, forgeToken({}, { expiresIn: undefined }))
        .get('/api/v1/me')
        .expect(401);
    });

    it('rejects a token for another audience or issuer', async () => {
      await authed(t, forgeToken({}, { audience: 'someone-else' }))
        .get('/api/v1/me')
        .expect(401);
      await authed(t, forgeToken({}, { issuer: 'https://evil.example' }))
        .get('/api/v1/me')
        .expect(401);
    });

    it('accepts a correctly forged token, proving the negative cases above fail for their stated reason', async () => {
      await authed(t, forgeToken({})).get('/api/v1/me').expect(200);
    });

    it("stops a disabled user's still-valid token at once", async () => {
      const user = await createUser(t);
      const token = await loginAs(t, user);
      await authed(t, token).get('/api/v1/me').expect(200);
      await t.dataSource.getRepository(User).update({ id: user.id }, { status: 'disabled' });
      t.app.get(UsersService).forget(user.id);
      await authed(t, token).get('/api/v1/me').expect(401);
    });

    it("stops tokens issued before the user's sessions were revoked", async () => {
      const user = await createUser(t);
      const token = await loginAs(t, user);
      await t.dataSource.getRepository(User).increment({ id: user.id }, 'sessionVersion', 1);
      t.app.get(UsersService).forget(user.id);
      await authed(t, token).get('/api/v1/me').expect(401);
    });

    it('documents the identity routes in OpenAPI', async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/login',
          '/api/v1/auth/refresh',
          '/api/v1/auth/logout',
          '/api/v1/auth/invitations/{token}/accept',
          '/api/v1/auth/password-reset',
          '/api/v1/auth/password-reset/{token}',
          '/api/v1/auth/feishu/authorize',
          '/api/v1/auth/feishu/callback',
          '/api/v1/me',
          '/api/v1/me/password',
          '/api/v1/me/sessions/end',
          '/api/v1/me/mfa',
          '/api/v1/me/mfa/confirm',
          '/api/v1/organizations',
          '/api/v1/organizations/{id}',
          '/api/v1/organizations/{id}/users',
          '/api/v1/organizations/{id}/invitations',
          '/api/v1/users/{id}',
          '/api/v1/audit-events',
          '/api/v1/audit-events/export.csv',
        ]),
      );
      expect(res.body.paths['/api/v1/auth/login'].post.responses['200']).toBeDefined();
    });

    it('keeps the health checks public', async () => {
      await t.http().get('/api/health/live').expect(200);
    });
  });

  describe('GET /api/v1/me', () => {
    it('returns the user, their organisation and packed CASL rules usable by the portal', async () => {
      const res = await authed(t, await loginAs(t, member))
        .get('/api/v1/me')
        .expect(200);
      expect(res.body).toMatchObject({
        id: member.id,
        role: 'supplier_member',
        mfaEnabled: false,
        organization: { id: member.orgId, kind: 'supplier' },
      });
      expect(res.body).not.toHaveProperty('passwordHash');
      const ability = createMongoAbility<AppAbility>(unpackRules(res.body.rules) as RawRuleOf<AppAbility>[]);
      expect(ability.can('read', subject('Workspace', { supplierOrgId: member.orgId }))).toBe(true);
      expect(ability.can('read', subject('Workspace', { supplierOrgId: 'other' }))).toBe(false);
    });
  });

  describe('refresh tokens', () => {
    it('rotates: the new cookie works, the old one is dead', async () => {
      const first = await login({ email: member.email, password: member.password }).expect(200);
      const cookie1 = refreshCookieFrom(first);
      const second = await t.http().post('/api/v1/auth/refresh').set('Cookie', cookie1).expect(200);
      expect(second.body.user.id).toBe(member.id);
      await authed(t, second.body.accessToken).get('/api/v1/me').expect(200);
      const cookie2 = refreshCookieFrom(second);
      expect(cookie2).not.toBe(cookie1);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', cookie2).expect(200);
    });

    it('revokes the whole family when a used refresh token is presented again after the reuse interval', async () => {
      const first = await login({ email: member.email, password: member.password }).expect(200);
      const stolen = refreshCookieFrom(first);
      const legit = refreshCookieFrom(
        await t.http().post('/api/v1/auth/refresh').set('Cookie', stolen).expect(200),
      );
      await t.dataSource.query(
        `UPDATE refresh_token SET revoked_at = revoked_at - interval '11 seconds' WHERE user_id = $1 AND replaced_by IS NOT NULL`,
        [member.id],
      );
      await t.http().post('/api/v1/auth/refresh').set('Cookie', stolen).expect(401);
      // The legitimate successor died with the family: the session must be re-established.
      await t.http().post('/api/v1/auth/refresh').set('Cookie', legit).expect(401);
      const events = await t.dataSource.query(
        `SELECT 1 FROM audit_event WHERE action = 'auth.refresh.reused' AND resource_id = $1`,
        [member.id],
      );
      expect(events.length).toBeGreaterThanOrEqual(1);
    });

    it('gives two tabs refreshing with the same token at once the same new pair, without ending the session', async () => {
      const first = await login({ email: member.email, password: member.password }).expect(200);
      const shared = refreshCookieFrom(first);
      const [tabA, tabB] = await Promise.all([
        t.http().post('/api/v1/auth/refresh').set('Cookie', shared),
        t.http().post('/api/v1/auth/refresh').set('Cookie', shared),
      ]);
      expect([tabA.status, tabB.status]).toEqual([200, 200]);
      expect(refreshCookieFrom(tabA)).toBe(refreshCookieFrom(tabB));
      await authed(t, tabB.body.accessToken).get('/api/v1/me').expect(200);
      // A third presentation a few seconds later is still within the interval.
      const late = await t.http().post('/api/v1/auth/refresh').set('Cookie', shared).expect(200);
      expect(refreshCookieFrom(late)).toBe(refreshCookieFrom(tabA));
      // The family lives on: the shared successor rotates normally.
      const next = await t
        .http()
        .post('/api/v1/auth/refresh')
        .set('Cookie', refreshCookieFrom(tabA))
        .expect(200);
      // Once the successor has rotated on, the first token is a replay again even within the interval.
      await t.http().post('/api/v1/auth/refresh').set('Cookie', shared).expect(401);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', refreshCookieFrom(next)).expect(401);
    });

    it('does not hand out the successor of a token whose session was signed out', async () => {
      const first = await login({ email: member.email, password: member.password }).expect(200);
      const old = refreshCookieFrom(first);
      const rotated = await t.http().post('/api/v1/auth/refresh').set('Cookie', old).expect(200);
      await t.http().post('/api/v1/auth/logout').set('Cookie', refreshCookieFrom(rotated)).expect(204);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', old).expect(401);
      const [{ sealed }] = await t.dataSource.query(
        `SELECT count(successor_sealed)::int AS sealed FROM refresh_token
          WHERE family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1)`,
        [hashToken(old.slice('portico_refresh='.length))],
      );
      expect(sealed).toBe(0);
    });

    it('answers a missing or unknown refresh token with 401', async () => {
      await t.http().post('/api/v1/auth/refresh').expect(401);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', 'portico_refresh=bogus').expect(401);
    });

    it('refuses an expired refresh token', async () => {
      const res = await login({ email: member.email, password: member.password }).expect(200);
      await t.dataSource.query(
        `UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL AND user_id = $1`,
        [member.id],
      );
      await t.http().post('/api/v1/auth/refresh').set('Cookie', refreshCookieFrom(res)).expect(401);
    });

    it('logout ends the session and clears the cookie', async () => {
      const res = await login({ email: member.email, password: member.password }).expect(200);
      const cookie = refreshCookieFrom(res);
      const out = await t.http().post('/api/v1/auth/logout').set('Cookie', cookie).expect(204);
      expect(([] as string[]).concat(out.headers['set-cookie']).join()).toMatch(/portico_refresh=;/);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', cookie).expect(401);
    });

    it('sign out everywhere ends every session of the caller and only theirs, audited', async () => {
      const user = await createUser(t);
      const [first, second] = [
        await login({ email: user.email, password: user.password }).expect(200),
        await login({ email: user.email, password: user.password }).expect(200),
      ];
      const bystander = await login({ email: member.email, password: member.password }).expect(200);
      await authed(t, first.body.accessToken).post('/api/v1/me/sessions/end').expect(204);
      for (const session of [first, second]) {
        await authed(t, session.body.accessToken).get('/api/v1/me').expect(401);
        await t.http().post('/api/v1/auth/refresh').set('Cookie', refreshCookieFrom(session)).expect(401);
      }
      await authed(t, bystander.body.accessToken).get('/api/v1/me').expect(200);
      const audits = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'user.sessions.ended' AND resource_id = $1`,
        [user.id],
      );
      expect(audits[0].n).toBe(1);
      await authed(t, await loginAs(t, user))
        .get('/api/v1/me')
        .expect(200);
    });

    it('refuses to refresh for a user disabled since', async () => {
      const user = await createUser(t);
      const res = await login({ email: user.email, password: user.password }).expect(200);
      await t.dataSource.getRepository(User).update({ id: user.id }, { status: 'disabled' });
      await t.http().post('/api/v1/auth/refresh').set('Cookie', refreshCookieFrom(res)).expect(401);
    });
  });

  describe('accessibleWhere against the database', () => {
    it('lists only the users a supplier may read, filtered in SQL', async () => {
      const orgA = await createOrg(t);
      const orgB = await createOrg(t);
      const a1 = await createUser(t, { org: orgA });
      const a2 = await createUser(t, { org: orgA, role: 'supplier_admin' });
      await createUser(t, { org: orgB });
      const ability = t.app.get(AbilityFactory).createForUser({
        id: a1.id,
        orgId: orgA.id,
        orgKind: 'supplier',
        role: 'supplier_member',
        email: a1.email,
        displayName: 'x',
        locale: 'en',
      });
      const rows = await t.dataSource
        .getRepository(User)
        .createQueryBuilder('user')
        .where(accessibleWhere(ability, 'read', 'User', 'user'))
        .getMany();
      expect(rows.map((r) => r.id).sort()).toEqual([a1.id, a2.id].sort());
      const none = await t.dataSource
        .getRepository(User)
        .createQueryBuilder('user')
        .where(accessibleWhere(ability, 'delete', 'User', 'user'))
        .getCount();
      expect(none).toBe(0);
    });
  });
});
