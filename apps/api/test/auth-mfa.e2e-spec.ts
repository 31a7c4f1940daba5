import { authenticator } from 'otplib';
import { SecretBox } from '../src/common/secret-box';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Two-factor authentication (TOTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = (user: TestUser, totp?: string) =>
    t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password, ...(totp ? { totp } : {}) });

  /** Enrols the user; returns the secret and the recovery codes. */
  async function enrol(user: TestUser, token?: string) {
    const client = authed(t, token ?? (await loginAs(t, user)));
    const start = await client.post('/api/v1/me/mfa').expect(201);
    expect(start.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Portico:/);
    expect(start.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const confirm = await client
      .post('/api/v1/me/mfa/confirm')
      .send({ code: authenticator.generate(start.body.secret) })
      .expect(200);
    return { secret: start.body.secret as string, recoveryCodes: confirm.body.recoveryCodes as string[] };
  }

  it('requires a current code at sign-in once enrolled, naming the totp field', async () => {
    const user = await createUser(t);
    const { secret } = await enrol(user);
    const missing = await login(user).expect(401);
    expect(missing.body.errors).toEqual([{ field: 'totp', message: 'is required' }]);
    const wrong = await login(user, '000000').expect(401);
    expect(wrong.body.errors[0].field).toBe('totp');
    const ok = await login(user, authenticator.generate(secret)).expect(200);
    const me = await authed(t, ok.body.accessToken).get('/api/v1/me').expect(200);
    expect(me.body.mfaEnabled).toBe(true);
  });

  it('never accepts the same code twice (RFC 6238 replay protection)', async () => {
    const user = await createUser(t);
    const { secret } = await enrol(user);
    const code = authenticator.generate(secret);
    await login(user, code).expect(200);
    const replay = await login(user, code).expect(401);
    expect(replay.body.errors[0].field).toBe('totp');
  });

  it('answers 401, not 500, when the secret was sealed under another JWT_SECRET; recovery codes still work', async () => {
    const user = await createUser(t);
    const { secret, recoveryCodes } = await enrol(user);
    const foreign = new SecretBox('another-secret-that-is-long-enough-0123456789', 'totp-secret').seal(
      secret,
    );
    await t.dataSource.query(`UPDATE "user" SET totp_secret = $2 WHERE id = $1`, [user.id, foreign]);
    await login(user, authenticator.generate(secret)).expect(401);
    await login(user, recoveryCodes[0]).expect(200);
  });

  it('keeps the generic answer for a wrong password, not revealing that TOTP is on', async () => {
    const user = await createUser(t);
    await enrol(user);
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'wrong password here' })
      .expect(401);
    expect(res.body.detail).toBe('Invalid email or password');
    expect(res.body.errors).toBeUndefined();
  });

  it('accepts each recovery code exactly once', async () => {
    const user = await createUser(t);
    const { recoveryCodes } = await enrol(user);
    expect(recoveryCodes).toHaveLength(10);
    await login(user, recoveryCodes[0]).expect(200);
    await login(user, recoveryCodes[0]).expect(401);
    await login(user, recoveryCodes[1].toUpperCase()).expect(200);
  });

  it('refuses to confirm enrolment with a wrong code and stays off', async () => {
    const user = await createUser(t);
    const client = authed(t, await loginAs(t, user));
    await client.post('/api/v1/me/mfa').expect(201);
    await client.post('/api/v1/me/mfa/confirm').send({ code: '000000' }).expect(400);
    await login(user).expect(200);
  });

  it('stores the secret encrypted', async () => {
    const user = await createUser(t);
    const { secret } = await enrol(user);
    const [row] = await t.dataSource.query(`SELECT totp_secret FROM "user" WHERE id = $1`, [user.id]);
    expect(row.totp_secret).toMatch(/^v1:/);
    expect(row.totp_secret).not.toContain(secret);
  });

  it('turns off only with the password, and records enabling and disabling', async () => {
    const user = await createUser(t);
    const { secret } = await enrol(user);
    const client = authed(
      t,
      (await login(user, authenticator.generate(secret)).expect(200)).body.accessToken,
    );
    await client.delete('/api/v1/me/mfa').send({ password: 'not my password' }).expect(400);
    await client.delete('/api/v1/me/mfa').send({ password: user.password }).expect(204);
    await login(user).expect(200);
    const rows: { action: string }[] = await t.dataSource.query(
      `SELECT action FROM audit_event WHERE resource_id = $1 AND action LIKE 'user.mfa.%' ORDER BY seq`,
      [user.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['user.mfa.enabled', 'user.mfa.disabled']);
  });

  it('counts wrong codes towards the lockout', async () => {
    const user = await createUser(t);
    await enrol(user);
    for (let i = 0; i < 10; i++) await login(user, '000000').expect(401);
    const [row] = await t.dataSource.query(
      `SELECT locked_until > now() AS locked FROM "user" WHERE id = $1`,
      [user.id],
    );
    expect(row.locked).toBe(true);
  });

  describe('required by the organisation', () => {
    it('lets an admin require MFA; members without it can only enrol until they do', async () => {
      const admin = await createUser(t, { role: 'admin' });
      const org = await createOrg(t);
      const member = await createUser(t, { org });
      await authed(t, await loginAs(t, admin))
        .patch(`/api/v1/organizations/${org.id}`)
        .send({ requireMfa: true })
        .expect(200);

      const res = await login(member).expect(200);
      expect(res.body.user.mfaEnrollmentRequired).toBe(true);
      const client = authed(t, res.body.accessToken);
      await client.get(`/api/v1/organizations/${org.id}`).expect(403);
      await client.get('/api/v1/me').expect(200);

      const { secret } = await enrol(member, res.body.accessToken);
      await client.get(`/api/v1/organizations/${org.id}`).expect(200);
      await client.delete('/api/v1/me/mfa').send({ password: member.password }).expect(422);
      await login(member, authenticator.generate(secret)).expect(200);
    });
  });
});
