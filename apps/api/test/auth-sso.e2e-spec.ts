import { authed, clientFor, loginAs, refreshCookieFrom } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { startTestIdp, TestIdp } from './support/oidc-idp';
import { createTestApp, TestApp } from './support/test-app';
import { MailService } from '../src/mail/mail.service';
import type { Organization } from '../src/organizations/entities/organization.entity';

const CALLBACK = '/api/v1/auth/sso/callback';

describe('Single sign-on (OIDC) per supplier organisation against a real OpenID provider', () => {
  let t: TestApp;
  let idpA: TestIdp;
  let idpB: TestIdp;
  let admin: TestUser;
  let pm: TestUser;
  let acme: Organization;
  let borealis: Organization;
  let adminClient: ReturnType<typeof authed>;

  const settings = (idp: TestIdp, id: string, overrides: Record<string, unknown> = {}) => ({
    issuer: idp.issuer,
    clientId: `portico-${id}`,
    clientSecret: `${id}-client-secret-0123456789`,
    emailDomains: [`${id}.example`],
    createUnknownUsers: false,
    requireSso: false,
    ...overrides,
  });

  beforeAll(async () => {
    [idpA, idpB] = await Promise.all([startTestIdp(), startTestIdp()]);
    // The providers listen on loopback: the tests opt in, as a development setup would.
    t = await createTestApp({ EGRESS_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
    const redirectUri = `${t.config.publicUrl}${CALLBACK}`;
    await idpA.registerClient({
      clientId: 'portico-acme',
      clientSecret: 'acme-client-secret-0123456789',
      redirectUri,
    });
    await idpB.registerClient({
      clientId: 'portico-borealis',
      clientSecret: 'borealis-client-secret-0123456789',
      redirectUri,
    });
    const internal = await createOrg(t, { kind: 'internal' });
    admin = await createUser(t, { org: internal, role: 'admin' });
    pm = await createUser(t, { org: internal, role: 'pm' });
    acme = await createOrg(t, { name: 'Acme Precision' });
    borealis = await createOrg(t, { name: 'Borealis Tooling' });
    adminClient = await clientFor(t, admin);
    await adminClient
      .put(`/api/v1/organizations/${acme.id}/sso`)
      .send(settings(idpA, 'acme', { createUnknownUsers: true }))
      .expect(200);
    await adminClient
      .put(`/api/v1/organizations/${borealis.id}/sso`)
      .send(settings(idpB, 'borealis'))
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([idpA?.stop(), idpB?.stop()]);
  });

  /** Follows the IdP's redirects (with its cookies), logging in as `account`, up to Portico's callback. */
  async function throughIdp(authorize: URL, account: string): Promise<URL> {
    const jar = new Map<string, string>();
    let next = authorize;
    for (let hop = 0; hop < 12; hop++) {
      if (next.pathname.startsWith('/interaction/')) next.searchParams.set('account', account);
      const res = await fetch(next, {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`IdP answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      next = new URL(location, next);
      if (next.pathname === CALLBACK) return next;
    }
    throw new Error('too many redirects at the IdP');
  }

  /** GET sso/start for the address → the IdP's authorization URL and Portico's browser cookie. */
  async function start(email: string) {
    const res = await t
      .http()
      .get(`/api/v1/auth/sso/start?email=${encodeURIComponent(email)}`)
      .expect(302);
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'])
      .find((c) => c.startsWith('portico_sso='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    return { authorize: new URL(res.headers.location), cookie: cookie.split(';')[0] };
  }

  async function callback(url: URL, cookie: string) {
    return t.http().get(`${url.pathname}${url.search}`).set('Cookie', cookie).expect(302);
  }

  /** The whole round trip; returns Portico's final redirect. */
  async function signIn(email: string, account: string) {
    const { authorize, cookie } = await start(email);
    return callback(await throughIdp(authorize, account), cookie);
  }

  async function sessionUser(res: { headers: Record<string, unknown> }) {
    const refreshed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .set('Cookie', refreshCookieFrom(res))
      .expect(200);
    return refreshed.body.user as { id: string; email: string; role: string; orgId: string };
  }

  async function lastRefusal(): Promise<{ reason: string; detail?: string }> {
    const [row] = await t.dataSource.query(
      `SELECT details FROM audit_event WHERE action = 'auth.sso_refused' ORDER BY at DESC LIMIT 1`,
    );
    return row.details;
  }

  async function expectRefused(res: { headers: Record<string, string> }, reason: string) {
    expect(res.headers.location).toBe(`${t.config.publicUrl}/login?error=sso_${reason}`);
    expect(res.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^portico_refresh=[^;]/)]),
    );
    expect((await lastRefusal()).reason).toBe(reason);
  }

  describe('settings', () => {
    it('never returns the client secret, and stores it encrypted', async () => {
      const res = await adminClient.get(`/api/v1/organizations/${acme.id}/sso`).expect(200);
      expect(res.body).toMatchObject({
        configured: true,
        issuer: idpA.issuer,
        clientId: 'portico-acme',
        clientSecretSet: true,
        emailDomains: ['acme.example'],
        createUnknownUsers: true,
        requireSso: false,
        redirectUri: `${t.config.publicUrl}${CALLBACK}`,
      });
      expect(JSON.stringify(res.body)).not.toContain('acme-client-secret');
      const [row] = await t.dataSource.query(`SELECT client_secret FROM organization_sso WHERE org_id = $1`, [
        acme.id,
      ]);
      expect(row.client_secret).toMatch(/^v1:/);
      expect(row.client_secret).not.toContain('acme-client-secret');
    });

    it('keeps the stored secret when none is sent, and requires one the first time', async () => {
      const { clientSecret: _omitted, ...withoutSecret } = settings(idpA, 'acme', {
        createUnknownUsers: true,
      });
      await adminClient.put(`/api/v1/organizations/${acme.id}/sso`).send(withoutSecret).expect(200);
      const other = await createOrg(t);
      const res = await adminClient.put(`/api/v1/organizations/${other.id}/sso`).send({
        ...withoutSecret,
        emailDomains: ['other.example'],
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'clientSecret' })]);
    });

    it('refuses an issuer whose discovery fails (400 naming issuer), saving nothing', async () => {
      const other = await createOrg(t);
      const res = await adminClient
        .put(`/api/v1/organizations/${other.id}/sso`)
        .send(settings(idpA, 'other', { issuer: `${idpA.issuer}/no-such-realm` }));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'issuer' })]);
      const rows = await t.dataSource.query(`SELECT 1 FROM organization_sso WHERE org_id = $1`, [other.id]);
      expect(rows).toHaveLength(0);
    });

    it('refuses an issuer on a private address not on the egress allowlist', async () => {
      const other = await createOrg(t);
      const res = await adminClient
        .put(`/api/v1/organizations/${other.id}/sso`)
        .send(settings(idpA, 'other', { issuer: 'http://10.1.2.3/realms/x' }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          field: 'issuer',
          message: expect.stringMatching(/not an allowed destination/),
        }),
      ]);
    });

    it('gives an email domain to one organisation only (409 naming emailDomains)', async () => {
      const other = await createOrg(t);
      const res = await adminClient
        .put(`/api/v1/organizations/${other.id}/sso`)
        .send(settings(idpA, 'other', { emailDomains: ['other.example', 'ACME.example'] }));
      expect(res.status).toBe(409);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'emailDomains' })]);
      expect(JSON.stringify(res.body)).not.toContain('Acme Precision');
    });

    it('refuses a domain internal staff use', async () => {
      const other = await createOrg(t);
      const staffDomain = admin.email.split('@')[1];
      const res = await adminClient
        .put(`/api/v1/organizations/${other.id}/sso`)
        .send(settings(idpA, 'other', { emailDomains: [staffDomain] }));
      expect(res.status).toBe(409);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'emailDomains' })]);
    });

    it('is managed by admins and the PM owning a workspace of the organisation only', async () => {
      const pmClient = await clientFor(t, pm);
      await pmClient.get(`/api/v1/organizations/${acme.id}/sso`).expect(403);
      await t.dataSource.query(
        `INSERT INTO workspace (name, supplier_org_id, owner_id) VALUES ($1, $2, $3)`,
        ['Acme tooling', acme.id, pm.id],
      );
      await pmClient.get(`/api/v1/organizations/${acme.id}/sso`).expect(200);
      await pmClient.get(`/api/v1/organizations/${borealis.id}/sso`).expect(403);
      const acmeAdmin = await createUser(t, {
        org: acme,
        role: 'supplier_admin',
        email: 'boss@elsewhere.test',
      });
      const supplier = await clientFor(t, acmeAdmin);
      await supplier.get(`/api/v1/organizations/${acme.id}/sso`).expect(403);
      // Another supplier's organisation does not exist for them.
      await supplier.get(`/api/v1/organizations/${borealis.id}/sso`).expect(404);
      await supplier
        .put(`/api/v1/organizations/${borealis.id}/sso`)
        .send(settings(idpB, 'borealis'))
        .expect(404);
      await supplier.delete(`/api/v1/organizations/${borealis.id}/sso`).expect(404);
    });
  });

  describe('discovery on the sign-in page', () => {
    it('answers sso: true with a start URL for a claimed domain, and never names the organisation', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/sso/discover')
        .send({ email: 'Someone@ACME.example' })
        .expect(200);
      expect(res.body).toEqual({
        sso: true,
        required: false,
        startUrl: '/api/v1/auth/sso/start?email=someone%40acme.example',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/Acme|portico-acme|127\.0\.0\.1/);
    });

    it('answers the same { sso: false } for any other domain', async () => {
      for (const email of ['a@unknown.example', 'b@example.test']) {
        const res = await t.http().post('/api/v1/auth/sso/discover').send({ email }).expect(200);
        expect(res.body).toEqual({ sso: false });
      }
      const bad = await t.http().post('/api/v1/auth/sso/discover').send({ email: 'nope' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    });

    it('sends an address without SSO back to the login page', async () => {
      const res = await t.http().get('/api/v1/auth/sso/start?email=a%40unknown.example').expect(302);
      expect(res.headers.location).toBe(`${t.config.publicUrl}/login?error=sso_unavailable`);
    });

    it('sends the browser back with a clear error when the IdP cannot be reached, and audits it', async () => {
      const idpC = await startTestIdp();
      const gamma = await createOrg(t);
      await adminClient
        .put(`/api/v1/organizations/${gamma.id}/sso`)
        .send(settings(idpC, 'gamma'))
        .expect(200);
      await idpC.stop();
      const res = await t.http().get('/api/v1/auth/sso/start?email=x%40gamma.example').expect(302);
      expect(res.headers.location).toBe(`${t.config.publicUrl}/login?error=sso_idp_unreachable`);
      expect((await lastRefusal()).reason).toBe('idp_unreachable');
    });

    it('starts with PKCE, state, nonce and the login hint', async () => {
      const { authorize } = await start('x@acme.example');
      expect(authorize.origin).toBe(idpA.issuer);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('code_challenge')).toBeTruthy();
      expect(authorize.searchParams.get('state')).toBeTruthy();
      expect(authorize.searchParams.get('nonce')).toBeTruthy();
      expect(authorize.searchParams.get('login_hint')).toBe('x@acme.example');
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${t.config.publicUrl}${CALLBACK}`);
    });
  });

  describe('sign-in', () => {
    it('creates an unknown user of an allowed domain as supplier_member, linked by (issuer, subject)', async () => {
      await idpA.setAccount('acme-sub-new', {
        email: 'New.Person@acme.example',
        email_verified: true,
        name: 'New Person',
      });
      const res = await signIn('new.person@acme.example', 'acme-sub-new');
      expect(res.headers.location).toBe(`${t.config.publicUrl}/`);
      const user = await sessionUser(res);
      expect(user).toMatchObject({
        email: 'new.person@acme.example',
        role: 'supplier_member',
        orgId: acme.id,
      });
      const links = await t.dataSource.query(`SELECT issuer, subject FROM sso_identity WHERE user_id = $1`, [
        user.id,
      ]);
      expect(links).toEqual([{ issuer: idpA.issuer, subject: 'acme-sub-new' }]);
      const events = await t.dataSource.query(
        `SELECT action FROM audit_event WHERE resource_id = $1 ORDER BY at`,
        [user.id],
      );
      expect(events.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['user.sso.created', 'user.sso.linked', 'auth.login.succeeded']),
      );
    });

    it('links an invited user on first sign-in and uses up the invitation', async () => {
      const invited = await adminClient
        .post(`/api/v1/organizations/${borealis.id}/invitations`)
        .send({ email: 'invited@borealis.example', role: 'supplier_admin' })
        .expect(201);
      await idpB.setAccount('bor-sub-1', {
        email: 'invited@borealis.example',
        email_verified: true,
        name: 'Ines Vite',
      });
      const res = await signIn('invited@borealis.example', 'bor-sub-1');
      expect(res.headers.location).toBe(`${t.config.publicUrl}/`);
      const user = await sessionUser(res);
      expect(user).toMatchObject({ id: invited.body.userId, role: 'supplier_admin', orgId: borealis.id });
      const [row] = await t.dataSource.query(`SELECT status, display_name FROM "user" WHERE id = $1`, [
        user.id,
      ]);
      expect(row).toEqual({ status: 'active', display_name: 'Ines Vite' });
      const [invitation] = await t.dataSource.query(`SELECT accepted_at FROM invitation WHERE id = $1`, [
        invited.body.id,
      ]);
      expect(invitation.accepted_at).not.toBeNull();
    });

    it('refuses an address that was never invited when the organisation does not create users', async () => {
      await idpB.setAccount('bor-sub-stranger', { email: 'stranger@borealis.example', email_verified: true });
      await expectRefused(await signIn('stranger@borealis.example', 'bor-sub-stranger'), 'not_invited');
      const rows = await t.dataSource.query(`SELECT 1 FROM "user" WHERE email = 'stranger@borealis.example'`);
      expect(rows).toHaveLength(0);
    });

    it('matches by (issuer, subject) after the first sign-in, never again by email alone', async () => {
      const member = await createUser(t, { org: acme, email: 'linked@acme.example' });
      await idpA.setAccount('acme-sub-linked', { email: 'linked@acme.example', email_verified: true });
      expect((await sessionUser(await signIn('linked@acme.example', 'acme-sub-linked'))).id).toBe(member.id);
      // The IdP changes the account's address: still the same Portico user.
      await idpA.setAccount('acme-sub-linked', { email: 'renamed@acme.example', email_verified: true });
      expect((await sessionUser(await signIn('renamed@acme.example', 'acme-sub-linked'))).id).toBe(member.id);
      // Another IdP account claiming the linked user's address does not get in.
      await idpA.setAccount('acme-sub-impostor', { email: 'linked@acme.example', email_verified: true });
      await expectRefused(await signIn('linked@acme.example', 'acme-sub-impostor'), 'already_linked');
    });

    it('refuses an unverified address (email_verified false or absent)', async () => {
      await idpA.setAccount('acme-sub-unverified', {
        email: 'unverified@acme.example',
        email_verified: false,
      });
      await expectRefused(await signIn('unverified@acme.example', 'acme-sub-unverified'), 'email_unverified');
      await idpA.setAccount('acme-sub-noflag', { email: 'noflag@acme.example' });
      await expectRefused(await signIn('noflag@acme.example', 'acme-sub-noflag'), 'email_unverified');
      const rows = await t.dataSource.query(
        `SELECT 1 FROM "user" WHERE email IN ('unverified@acme.example', 'noflag@acme.example')`,
      );
      expect(rows).toHaveLength(0);
    });

    it('refuses an address from a domain the organisation does not claim', async () => {
      await idpA.setAccount('acme-sub-gmail', { email: 'someone@gmail.example', email_verified: true });
      await expectRefused(await signIn('x@acme.example', 'acme-sub-gmail'), 'domain_not_allowed');
    });

    it('disabled accounts and locked accounts are refused like password sign-in', async () => {
      const disabled = await createUser(t, { org: acme, email: 'gone@acme.example', status: 'disabled' });
      await idpA.setAccount('acme-sub-gone', { email: disabled.email, email_verified: true });
      await expectRefused(await signIn(disabled.email, 'acme-sub-gone'), 'account_disabled');
      const locked = await createUser(t, { org: acme, email: 'locked@acme.example' });
      await t.dataSource.query(
        `UPDATE "user" SET locked_until = now() + interval '10 minutes' WHERE id = $1`,
        [locked.id],
      );
      await idpA.setAccount('acme-sub-locked', { email: locked.email, email_verified: true });
      await expectRefused(await signIn(locked.email, 'acme-sub-locked'), 'account_locked');
    });
  });

  describe("organisation B's identity provider cannot sign into organisation A", () => {
    it('a code from B’s IdP under a state of A’s flow is refused (the response names B as issuer)', async () => {
      await idpB.setAccount('bor-sub-2', { email: 'bob@borealis.example', email_verified: true });
      const a = await start('someone@acme.example');
      const b = await start('bob@borealis.example');
      const fromB = await throughIdp(b.authorize, 'bor-sub-2');
      const stateOfA = a.authorize.searchParams.get('state')!;
      const forged = new URL(fromB);
      forged.searchParams.set('state', stateOfA);
      await expectRefused(await callback(forged, a.cookie), 'response_invalid');
      expect((await lastRefusal()).detail).toMatch(/iss/);
      // Without it (A's IdP announces it always sends `iss`), the response is refused as well.
      const a2 = await start('someone@acme.example');
      const stripped = new URL(fromB);
      stripped.searchParams.delete('iss');
      stripped.searchParams.set('state', a2.authorize.searchParams.get('state')!);
      await expectRefused(await callback(stripped, a2.cookie), 'response_invalid');
      expect((await lastRefusal()).detail).toMatch(/iss.*missing/);
    });

    it('A’s IdP vouching for an address of B’s domain is refused', async () => {
      await idpA.setAccount('acme-sub-bob', { email: 'bob@borealis.example', email_verified: true });
      await expectRefused(await signIn('x@acme.example', 'acme-sub-bob'), 'domain_not_allowed');
    });

    it('a member of B whose address is in A’s domain cannot be reached through A’s IdP', async () => {
      const consultant = await createUser(t, { org: borealis, email: 'consultant@acme.example' });
      await idpA.setAccount('acme-sub-consultant', { email: consultant.email, email_verified: true });
      await expectRefused(await signIn(consultant.email, 'acme-sub-consultant'), 'wrong_organization');
      const links = await t.dataSource.query(`SELECT 1 FROM sso_identity WHERE user_id = $1`, [
        consultant.id,
      ]);
      expect(links).toHaveLength(0);
    });
  });

  describe('protocol checks', () => {
    beforeAll(() => idpA.setAccount('acme-sub-proto', { email: 'proto@acme.example', email_verified: true }));

    it('refuses a wrong state', async () => {
      const { authorize, cookie } = await start('proto@acme.example');
      const url = await throughIdp(authorize, 'acme-sub-proto');
      url.searchParams.set('state', 'not-the-state-we-sent');
      await expectRefused(await callback(url, cookie), 'state');
    });

    it('refuses a callback from a browser other than the one that started', async () => {
      const first = await start('proto@acme.example');
      const other = await start('proto@acme.example');
      expect(other.cookie).not.toBe(first.cookie);
      const url = await throughIdp(first.authorize, 'acme-sub-proto');
      await expectRefused(await callback(url, other.cookie), 'state');
    });

    it('a replayed callback (same code and state) is refused; so is the code under a fresh state', async () => {
      const { authorize, cookie } = await start('proto@acme.example');
      const url = await throughIdp(authorize, 'acme-sub-proto');
      expect((await callback(url, cookie)).headers.location).toBe(`${t.config.publicUrl}/`);
      await expectRefused(await callback(url, cookie), 'state');
      const fresh = await start('proto@acme.example');
      const replay = new URL(url);
      replay.searchParams.set('state', fresh.authorize.searchParams.get('state')!);
      await expectRefused(await callback(replay, fresh.cookie), 'code_rejected');
    });

    it('refuses an ID token issued for another audience', async () => {
      const { authorize, cookie } = await start('proto@acme.example');
      const url = await throughIdp(authorize, 'acme-sub-proto');
      await idpA.tamperNextIdToken({ aud: 'some-other-client' });
      await expectRefused(await callback(url, cookie), 'id_token_invalid');
      expect((await lastRefusal()).detail).toMatch(/aud/);
    });

    it('refuses an expired ID token', async () => {
      const { authorize, cookie } = await start('proto@acme.example');
      const url = await throughIdp(authorize, 'acme-sub-proto');
      await idpA.tamperNextIdToken({ iat: { relative: -7200 }, exp: { relative: -3600 } });
      await expectRefused(await callback(url, cookie), 'id_token_invalid');
      expect((await lastRefusal()).detail).toMatch(/exp/);
    });

    it('refuses an ID token with a wrong nonce', async () => {
      const { authorize, cookie } = await start('proto@acme.example');
      const url = await throughIdp(authorize, 'acme-sub-proto');
      await idpA.tamperNextIdToken({ nonce: 'another-nonce' });
      await expectRefused(await callback(url, cookie), 'id_token_invalid');
      expect((await lastRefusal()).detail).toMatch(/nonce/);
    });

    it('refuses an ID token not signed by a key of the IdP’s JWKS', async () => {
      const { authorize, cookie } = await start('proto@acme.example');
      const url = await throughIdp(authorize, 'acme-sub-proto');
      await idpA.tamperNextIdToken({}, { foreignKey: true });
      await expectRefused(await callback(url, cookie), 'id_token_invalid');
    });

    it('follows a rotated signing key (the JWKS is read again)', async () => {
      expect((await signIn('proto@acme.example', 'acme-sub-proto')).headers.location).toBe(
        `${t.config.publicUrl}/`,
      );
      const before = (await (await fetch(`${idpA.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
      const kid = await idpA.rekey();
      expect(before.keys.map((k) => k.kid)).not.toContain(kid);
      await idpA.setAccount('acme-sub-proto', { email: 'proto@acme.example', email_verified: true });
      const res = await signIn('proto@acme.example', 'acme-sub-proto');
      expect(res.headers.location).toBe(`${t.config.publicUrl}/`);
      expect((await sessionUser(res)).email).toBe('proto@acme.example');
    });
  });

  describe('requireSso', () => {
    let member: TestUser;
    let outsider: TestUser;
    let pendingToken: string;
    let resetToken: string;
    const lastMailTo = (to: string) =>
      [...t.app.get(MailService).outbox()].reverse().find((m) => m.to === to)!;
    beforeAll(async () => {
      member = await createUser(t, { org: acme, email: 'pw-user@acme.example' });
      // Invited while passwords were still allowed.
      await adminClient
        .post(`/api/v1/organizations/${acme.id}/invitations`)
        .send({ email: 'later@acme.example', role: 'supplier_member' })
        .expect(201);
      pendingToken = /\/invitations\/([A-Za-z0-9_-]+)/.exec(lastMailTo('later@acme.example').text)![1];
      // A reset link mailed while passwords were still allowed.
      await t.http().post('/api/v1/auth/password-reset').send({ email: member.email }).expect(202);
      resetToken = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(lastMailTo(member.email).text)![1];
      // A member whose address is outside the claimed domains.
      outsider = await createUser(t, { org: acme, email: 'contractor@freelance.example' });
      await adminClient
        .put(`/api/v1/organizations/${acme.id}/sso`)
        .send(settings(idpA, 'acme', { createUnknownUsers: true, requireSso: true }))
        .expect(200);
    });

    it('discovery says SSO is required', async () => {
      const res = await t.http().post('/api/v1/auth/sso/discover').send({ email: member.email }).expect(200);
      expect(res.body.required).toBe(true);
    });

    it('refuses password sign-in for members (problem+json naming email), and counts no failure', async () => {
      for (const user of [member, outsider]) {
        const res = await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: user.password });
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(res.body.type).toMatch(/sso-required/);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
      }
      const [row] = await t.dataSource.query(`SELECT failed_logins FROM "user" WHERE id = $1`, [member.id]);
      expect(row.failed_logins).toBe(0);
      // The outsider's refusal is given only with the right password: a wrong one stays the generic 401.
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: outsider.email, password: 'wrong password here' })
        .expect(401);
    });

    it('refuses password resets for the domain and mails no link to other members', async () => {
      const res = await t.http().post('/api/v1/auth/password-reset').send({ email: member.email });
      expect(res.status).toBe(403);
      expect(res.body.type).toMatch(/sso-required/);
      await t.http().post('/api/v1/auth/password-reset').send({ email: outsider.email }).expect(202);
      const late = await t
        .http()
        .post(`/api/v1/auth/password-reset/${resetToken}`)
        .send({ password: 'a long enough passphrase 2026' });
      expect(late.status).toBe(403);
      expect(late.body.type).toMatch(/sso-required/);
      const resets = await t.dataSource.query(`SELECT 1 FROM password_reset WHERE user_id = $1`, [
        outsider.id,
      ]);
      expect(resets).toHaveLength(0);
    });

    it('refuses choosing a password through an invitation, and new invitations carry no password link', async () => {
      const res = await t
        .http()
        .post(`/api/v1/auth/invitations/${pendingToken}/accept`)
        .send({ displayName: 'Late Comer', password: 'a long enough password 42' });
      expect(res.status).toBe(403);
      expect(res.body.type).toMatch(/sso-required/);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
      await adminClient
        .post(`/api/v1/organizations/${acme.id}/invitations`)
        .send({ email: 'newcomer@acme.example', role: 'supplier_member' })
        .expect(201);
      const outside = await adminClient
        .post(`/api/v1/organizations/${acme.id}/invitations`)
        .send({ email: 'someone@freelance.example', role: 'supplier_member' });
      expect(outside.status).toBe(422);
      expect(outside.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
      const mail = lastMailTo('newcomer@acme.example');
      expect(mail.text).not.toMatch(/\/invitations\//);
      expect(mail.text).toContain(`${t.config.publicUrl}/login?email=newcomer%40acme.example`);
    });

    it('still lets SSO members in, and internal admins recover by turning it off', async () => {
      await idpA.setAccount('acme-sub-pw', { email: member.email, email_verified: true });
      expect((await signIn(member.email, 'acme-sub-pw')).headers.location).toBe(`${t.config.publicUrl}/`);
      const freshAdmin = await clientFor(t, admin);
      await freshAdmin
        .put(`/api/v1/organizations/${acme.id}/sso`)
        .send(settings(idpA, 'acme', { createUnknownUsers: true, requireSso: false }))
        .expect(200);
      await loginAs(t, outsider);
    });
  });
});
