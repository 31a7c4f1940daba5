import { MailService } from '../src/mail/mail.service';
import { authed, loginAs, refreshCookieFrom } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Onboarding: invitations and password reset', () => {
  let t: TestApp;
  let pm: Awaited<ReturnType<typeof createUser>>;
  let outbox: () => readonly { to: string; subject: string; text: string }[];

  beforeAll(async () => {
    t = await createTestApp();
    pm = await createUser(t, { role: 'pm' });
    outbox = () => t.app.get(MailService).outbox();
  });
  afterAll(() => t.close());

  /** The token of the newest mail to `to` carrying a link under `path`. */
  function tokenMailedTo(to: string, path: 'invitations' | 'reset-password'): string {
    const mail = [...outbox()].reverse().find((m) => m.to === to.toLowerCase());
    const match = mail?.text.match(new RegExp(`/${path}/([A-Za-z0-9_-]+)`));
    if (!match) throw new Error(`no ${path} mail to ${to}`);
    return match[1];
  }

  async function invite(orgId: string, email: string, role = 'supplier_admin', token?: string) {
    return authed(t, token ?? (await loginAs(t, pm)))
      .post(`/api/v1/organizations/${orgId}/invitations`)
      .send({ email, role })
      .expect(201);
  }

  describe('invitations', () => {
    it('takes a supplier from a new organisation to a signed-in supplier_admin, who invites a colleague', async () => {
      const pmToken = await loginAs(t, pm);
      const org = await authed(t, pmToken)
        .post('/api/v1/organizations')
        .send({ name: 'Acme Precision Parts' })
        .expect(201);
      const inv = await invite(org.body.id, 'Ana@Acme.example', 'supplier_admin', pmToken);
      expect(inv.body).toMatchObject({
        email: 'ana@acme.example',
        role: 'supplier_admin',
        orgId: org.body.id,
      });
      expect(new Date(inv.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

      const members = await authed(t, pmToken).get(`/api/v1/organizations/${org.body.id}/users`).expect(200);
      expect(members.body.items).toEqual([
        expect.objectContaining({ email: 'ana@acme.example', status: 'invited' }),
      ]);

      const token = tokenMailedTo('ana@acme.example', 'invitations');
      const accepted = await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'Ana Souza', password: 'milling tolerances rock' })
        .expect(200);
      expect(accepted.body.user).toMatchObject({
        email: 'ana@acme.example',
        role: 'supplier_admin',
        orgKind: 'supplier',
        displayName: 'Ana Souza',
      });
      refreshCookieFrom(accepted);

      const colleague = await invite(
        org.body.id,
        'ben@acme.example',
        'supplier_member',
        accepted.body.accessToken,
      );
      expect(colleague.body.role).toBe('supplier_member');
      await loginAs(t, { email: 'ana@acme.example', password: 'milling tolerances rock' });

      const events: { action: string }[] = await t.dataSource.query(
        `SELECT action FROM audit_event WHERE org_id = $1 ORDER BY seq`,
        [org.body.id],
      );
      expect(events.map((e) => e.action)).toEqual(
        expect.arrayContaining(['organization.created', 'invitation.sent', 'invitation.accepted']),
      );
    });

    it('works only once', async () => {
      const org = await createOrg(t);
      await invite(org.id, 'once@x.test');
      const token = tokenMailedTo('once@x.test', 'invitations');
      await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'Once', password: 'first passphrase here' })
        .expect(200);
      await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'Twice', password: 'second passphrase here' })
        .expect(404);
      await loginAs(t, { email: 'once@x.test', password: 'first passphrase here' });
    });

    it('expires after 7 days', async () => {
      const org = await createOrg(t);
      await invite(org.id, 'late@x.test');
      const token = tokenMailedTo('late@x.test', 'invitations');
      await t.dataSource.query(
        `UPDATE invitation SET expires_at = now() - interval '1 second' WHERE email = 'late@x.test'`,
      );
      await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'Late', password: 'a fine passphrase' })
        .expect(404);
    });

    it('is superseded by a newer invitation of the same person', async () => {
      const org = await createOrg(t);
      await invite(org.id, 'again@x.test');
      const old = tokenMailedTo('again@x.test', 'invitations');
      await invite(org.id, 'again@x.test');
      await t
        .http()
        .post(`/api/v1/auth/invitations/${old}/accept`)
        .send({ displayName: 'A', password: 'a fine passphrase' })
        .expect(404);
      const current = tokenMailedTo('again@x.test', 'invitations');
      await t
        .http()
        .post(`/api/v1/auth/invitations/${current}/accept`)
        .send({ displayName: 'A', password: 'a fine passphrase' })
        .expect(200);
    });

    it('requires a password of 12+ characters that is not a common one, leaving the invitation usable', async () => {
      const org = await createOrg(t);
      await invite(org.id, 'weak@x.test');
      const token = tokenMailedTo('weak@x.test', 'invitations');
      const short = await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'W', password: 'short' })
        .expect(422);
      expect(short.body.errors).toEqual([{ field: 'password', message: 'must be at least 12 characters' }]);
      await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'W', password: '123qweasdzxc' })
        .expect(422);
      await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'W', password: 'a fine passphrase' })
        .expect(200);
    });

    it('refuses role or email in the accept body (mass assignment)', async () => {
      const org = await createOrg(t);
      await invite(org.id, 'mass@x.test', 'supplier_member');
      const token = tokenMailedTo('mass@x.test', 'invitations');
      await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'M', password: 'a fine passphrase', role: 'admin' })
        .expect(400);
      await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'M', password: 'a fine passphrase', email: 'x@y.test' })
        .expect(400);
      const ok = await t
        .http()
        .post(`/api/v1/auth/invitations/${token}/accept`)
        .send({ displayName: 'M', password: 'a fine passphrase' })
        .expect(200);
      expect(ok.body.user.role).toBe('supplier_member');
    });

    it('does not let an invited account sign in before accepting', async () => {
      const org = await createOrg(t);
      await invite(org.id, 'pending@x.test');
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'pending@x.test', password: 'anything at all' })
        .expect(401);
    });
  });

  describe('password reset', () => {
    it('answers known and unknown emails alike, mailing only the known one', async () => {
      const user = await createUser(t);
      const before = outbox().length;
      const known = await t
        .http()
        .post('/api/v1/auth/password-reset')
        .send({ email: user.email })
        .expect(202);
      const unknown = await t
        .http()
        .post('/api/v1/auth/password-reset')
        .send({ email: 'nobody@nowhere.test' })
        .expect(202);
      expect(known.body).toEqual(unknown.body);
      expect(outbox().length).toBe(before + 1);
    });

    it('replaces the older links when a new one is issued', async () => {
      const user = await createUser(t);
      await t.http().post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const first = tokenMailedTo(user.email, 'reset-password');
      await t.http().post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const second = tokenMailedTo(user.email, 'reset-password');
      expect(second).not.toBe(first);
      await t
        .http()
        .post(`/api/v1/auth/password-reset/${first}`)
        .send({ password: 'recovered passphrase' })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/auth/password-reset/${second}`)
        .send({ password: 'recovered passphrase' })
        .expect(204);
    });

    it('limits requests to 3 an hour per address, known or not, with the same answer', async () => {
      const user = await createUser(t);
      const mails = () => outbox().filter((m) => m.to === user.email.toLowerCase()).length;
      const ask = (email: string) => t.http().post('/api/v1/auth/password-reset').send({ email }).expect(202);
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await ask(user.email.toUpperCase())).body);
      for (let i = 0; i < 4; i++) answers.push((await ask('nobody-limited@nowhere.test')).body);
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(mails()).toBe(3);
      // The third link is still the valid one: a throttled request replaced nothing.
      const third = tokenMailedTo(user.email, 'reset-password');
      // Another address is not affected.
      const other = await createUser(t);
      await ask(other.email);
      expect(outbox().filter((m) => m.to === other.email.toLowerCase())).toHaveLength(1);
      // An hour later the address may ask again.
      await t.dataSource.query(
        `UPDATE password_reset_request SET requested_at = requested_at - interval '1 hour'`,
      );
      await ask(user.email);
      expect(mails()).toBe(4);
      expect(tokenMailedTo(user.email, 'reset-password')).not.toBe(third);
    });

    it('sets a new password once, ending all sessions', async () => {
      const user = await createUser(t);
      const session = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(200);
      await t.http().post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const token = tokenMailedTo(user.email, 'reset-password');
      await t
        .http()
        .post(`/api/v1/auth/password-reset/${token}`)
        .send({ password: 'recovered passphrase' })
        .expect(204);
      await t
        .http()
        .post(`/api/v1/auth/password-reset/${token}`)
        .send({ password: 'another passphrase!' })
        .expect(404);
      await authed(t, session.body.accessToken).get('/api/v1/me').expect(401);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', refreshCookieFrom(session)).expect(401);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(401);
      await loginAs(t, { email: user.email, password: 'recovered passphrase' });
    });

    it('expires after an hour', async () => {
      const user = await createUser(t);
      await t.http().post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const token = tokenMailedTo(user.email, 'reset-password');
      const [row] = await t.dataSource.query(
        `SELECT extract(epoch FROM expires_at - created_at)::float AS ttl FROM password_reset WHERE user_id = $1`,
        [user.id],
      );
      expect(Math.abs(row.ttl - 3600)).toBeLessThan(5);
      await t.dataSource.query(
        `UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      await t
        .http()
        .post(`/api/v1/auth/password-reset/${token}`)
        .send({ password: 'recovered passphrase' })
        .expect(404);
    });

    it('applies the password policy', async () => {
      const user = await createUser(t);
      await t.http().post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const token = tokenMailedTo(user.email, 'reset-password');
      await t.http().post(`/api/v1/auth/password-reset/${token}`).send({ password: 'password' }).expect(422);
    });

    it('unlocks a locked account', async () => {
      const user = await createUser(t);
      await t.dataSource.query(
        `UPDATE "user" SET locked_until = now() + interval '10 minutes' WHERE id = $1`,
        [user.id],
      );
      await t.http().post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      await t
        .http()
        .post(`/api/v1/auth/password-reset/${tokenMailedTo(user.email, 'reset-password')}`)
        .send({ password: 'recovered passphrase' })
        .expect(204);
      await loginAs(t, { email: user.email, password: 'recovered passphrase' });
    });
  });
});
