import { FeishuSimulator, startFeishuSimulator } from '@portico/connectors/feishu/testing';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const APP = {
  appId: 'cli_test_signin',
  appSecret: 'test-signin-secret',
  verificationToken: 'test-verification-token',
};

describe('Internal sign-in with Feishu (OAuth 2 + PKCE) against the simulator', () => {
  let t: TestApp;
  let feishu: FeishuSimulator;
  let pm: TestUser;

  beforeAll(async () => {
    feishu = await startFeishuSimulator({ ...APP, seed: false });
    t = await createTestApp({
      FEISHU_BASE_URL: feishu.url,
      FEISHU_APP_ID: APP.appId,
      FEISHU_APP_SECRET: APP.appSecret,
      FEISHU_VERIFICATION_TOKEN: APP.verificationToken,
    });
    const internal = await createOrg(t, { kind: 'internal' });
    // Linked by open_id already.
    pm = await createUser(t, { org: internal, role: 'pm', feishuOpenId: 'ou_demo_pm_liwei' });
    // Not linked yet: matched once by email, then linked.
    await createUser(t, { org: internal, role: 'admin', email: 'zhang.min@portico.example' });
  });
  afterAll(async () => {
    await t.close();
    await feishu.stop();
  });

  /** authorize → Feishu (auto-approving) → the callback URL it redirects to, plus the state cookie. */
  async function throughFeishu(openId: string) {
    feishu.control.setOAuthUser(openId);
    const start = await t.http().get('/api/v1/auth/feishu/authorize').expect(302);
    const cookie = ([] as string[])
      .concat(start.headers['set-cookie'])
      .find((c) => c.startsWith('portico_oauth='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const authorizeUrl = new URL(start.headers.location);
    expect(authorizeUrl.searchParams.get('code_challenge')).toBeTruthy();
    const approved = await fetch(authorizeUrl, { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location')!);
    expect(callback.pathname).toBe('/api/v1/auth/feishu/callback');
    return { callbackPath: callback.pathname + callback.search, cookie: cookie.split(';')[0], callback };
  }

  it('signs in a linked internal user: refresh cookie set, browser sent to the portal', async () => {
    const { callbackPath, cookie } = await throughFeishu('ou_demo_pm_liwei');
    const res = await t.http().get(callbackPath).set('Cookie', cookie).expect(302);
    expect(res.headers.location).toBe(`${t.config.publicUrl}/`);
    const refresh = ([] as string[])
      .concat(res.headers['set-cookie'])
      .find((c) => c.startsWith('portico_refresh='))!;
    const session = await t
      .http()
      .post('/api/v1/auth/refresh')
      .set('Cookie', refresh.split(';')[0])
      .expect(200);
    expect(session.body.user).toMatchObject({ id: pm.id, role: 'pm' });
  });

  it('links an unlinked internal account by email on first sign-in', async () => {
    const { callbackPath, cookie } = await throughFeishu('ou_demo_admin_zhangmin');
    const res = await t.http().get(callbackPath).set('Cookie', cookie).expect(302);
    expect(res.headers.location).toBe(`${t.config.publicUrl}/`);
    const [row] = await t.dataSource.query(
      `SELECT feishu_open_id FROM "user" WHERE email = 'zhang.min@portico.example'`,
    );
    expect(row.feishu_open_id).toBe('ou_demo_admin_zhangmin');
    const events = await t.dataSource.query(`SELECT 1 FROM audit_event WHERE action = 'user.feishu.linked'`);
    expect(events).toHaveLength(1);
  });

  it("rejects a callback whose state does not match the browser's cookie", async () => {
    const { callback, cookie } = await throughFeishu('ou_demo_pm_liwei');
    callback.searchParams.set('state', 'forged-state');
    const res = await t
      .http()
      .get(callback.pathname + callback.search)
      .set('Cookie', cookie)
      .expect(302);
    expect(res.headers.location).toBe(`${t.config.publicUrl}/login?error=feishu_state`);
    expect(
      ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .some((c) => c.startsWith('portico_refresh=') && !c.startsWith('portico_refresh=;')),
    ).toBe(false);
  });

  it('rejects a callback without the state cookie (login CSRF)', async () => {
    const { callbackPath } = await throughFeishu('ou_demo_pm_liwei');
    const res = await t.http().get(callbackPath).expect(302);
    expect(res.headers.location).toBe(`${t.config.publicUrl}/login?error=feishu_state`);
  });

  it('gives a Feishu user without a Portico account no account', async () => {
    await t.dataSource.query(
      `UPDATE "user" SET feishu_open_id = NULL, email = 'moved@portico.example' WHERE email = 'zhang.min@portico.example'`,
    );
    const { callbackPath, cookie } = await throughFeishu('ou_demo_admin_zhangmin');
    const res = await t.http().get(callbackPath).set('Cookie', cookie).expect(302);
    expect(res.headers.location).toBe(`${t.config.publicUrl}/login?error=feishu_no_account`);
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "user"`);
    expect(row.n).toBe(2);
  });

  it('never signs in supplier users through Feishu', async () => {
    const supplier = await createOrg(t);
    await createUser(t, { org: supplier, role: 'supplier_admin', feishuOpenId: 'ou_demo_admin_zhangmin' });
    const { callbackPath, cookie } = await throughFeishu('ou_demo_admin_zhangmin');
    const res = await t.http().get(callbackPath).set('Cookie', cookie).expect(302);
    expect(res.headers.location).toBe(`${t.config.publicUrl}/login?error=feishu_no_account`);
  });

  it('rejects a replayed authorization code', async () => {
    const { callbackPath, cookie } = await throughFeishu('ou_demo_pm_liwei');
    await t.http().get(callbackPath).set('Cookie', cookie).expect(302);
    const again = await t.http().get(callbackPath).set('Cookie', cookie).expect(302);
    expect(again.headers.location).toBe(`${t.config.publicUrl}/login?error=feishu_failed`);
  });
});

describe('Feishu sign-in without Feishu configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 404 problem+json', async () => {
    const res = await t.http().get('/api/v1/auth/feishu/authorize').expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});
