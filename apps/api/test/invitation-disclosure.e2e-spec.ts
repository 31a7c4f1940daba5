import { MailService } from '../src/mail/mail.service';
import { Invitation } from '../src/organizations/entities/invitation.entity';
import type { Organization } from '../src/organizations/entities/organization.entity';
import { User } from '../src/users/entities/user.entity';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

type Client = ReturnType<typeof authed>;

/**
 * Supplier organisations compete: inviting an address must not tell a supplier_admin whether it
 * already has an account in another organisation.
 */
describe('Invitations do not disclose accounts of other organisations', () => {
  let t: TestApp;
  let orgA: Organization;
  let orgB: Organization;
  let pm: TestUser;
  let aMember: TestUser;
  let bAdmin: Client;
  let aAdmin: Client;
  const outbox = () => t.app.get(MailService).outbox();
  const mailsTo = (to: string) => outbox().filter((m) => m.to === to.toLowerCase());

  beforeAll(async () => {
    t = await createTestApp();
    orgA = await createOrg(t, { name: 'Acme' });
    orgB = await createOrg(t, { name: 'Borealis' });
    pm = await createUser(t, { role: 'pm' });
    aMember = await createUser(t, { org: orgA, role: 'supplier_member' });
    aAdmin = authed(t, await loginAs(t, await createUser(t, { org: orgA, role: 'supplier_admin' })));
    bAdmin = authed(t, await loginAs(t, await createUser(t, { org: orgB, role: 'supplier_admin' })));
  });
  afterAll(() => t.close());

  const invite = (who: Client, orgId: string, email: string, role = 'supplier_member') =>
    who.post(`/api/v1/organizations/${orgId}/invitations`).send({ email, role });

  it('answers an address with an account elsewhere exactly like a fresh invitation', async () => {
    const fresh = await invite(bAdmin, orgB.id, 'Nobody.Yet@Borealis.example').expect(201);
    const taken = await invite(bAdmin, orgB.id, aMember.email.toUpperCase()).expect(201);

    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(taken.headers['content-type']).toBe(fresh.headers['content-type']);
    expect(taken.body).toMatchObject({
      orgId: orgB.id,
      email: aMember.email.toLowerCase(),
      role: 'supplier_member',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(taken.body.userId).not.toBe(aMember.id);
    const validity = new Date(taken.body.expiresAt).getTime() - new Date(fresh.body.expiresAt).getTime();
    expect(Math.abs(validity)).toBeLessThan(60_000);
  });

  it('leaves the existing account untouched and mails its owner a notice without a link', async () => {
    const before = mailsTo(aMember.email).length;
    await invite(bAdmin, orgB.id, aMember.email, 'supplier_admin').expect(201);

    const account = await t.dataSource.getRepository(User).findOneByOrFail({ id: aMember.id });
    expect(account).toMatchObject({ orgId: orgA.id, role: 'supplier_member', status: 'active' });
    expect(await t.dataSource.getRepository(Invitation).countBy({ userId: aMember.id })).toBe(0);

    const notices = mailsTo(aMember.email).slice(before);
    expect(notices).toHaveLength(1);
    expect(notices[0].subject).toContain('Borealis');
    expect(notices[0].text).toContain('already have a Portico account');
    expect(notices[0].text).not.toMatch(/\/invitations\//);

    const audit: Array<{ action: string }> = await t.dataSource.query(
      `SELECT action FROM audit_event WHERE resource_id = $1 ORDER BY seq`,
      [aMember.id],
    );
    expect(audit.map((e) => e.action)).toContain('invitation.existing_account_notified');
  });

  it('neither discloses nor disturbs a pending invitation of another organisation', async () => {
    const pmClient = authed(t, await loginAs(t, pm));
    await invite(pmClient, orgA.id, 'pending@acme.example').expect(201);
    const link = mailsTo('pending@acme.example')
      .at(-1)!
      .text.match(/\/invitations\/([\w-]+)/)![1];

    const res = await invite(bAdmin, orgB.id, 'pending@acme.example').expect(201);
    expect(res.body.orgId).toBe(orgB.id);

    await t
      .http()
      .post(`/api/v1/auth/invitations/${link}/accept`)
      .send({ displayName: 'Pending Person', password: 'a perfectly fine passphrase' })
      .expect(200);
    const account = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'pending@acme.example' });
    expect(account).toMatchObject({ orgId: orgA.id, status: 'active' });
  });

  it('keeps answering 409 for an account of the caller’s own organisation, naming the field', async () => {
    const res = await invite(aAdmin, orgA.id, aMember.email).expect(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'email', message: 'is already registered' }]);
  });

  it('keeps answering 409 for a disabled account of the caller’s own organisation', async () => {
    const disabled = await createUser(t, { org: orgA, status: 'disabled' });
    await invite(aAdmin, orgA.id, disabled.email).expect(409);
  });

  it('re-sends, rather than refuses, a pending invitation of the caller’s own organisation', async () => {
    await invite(aAdmin, orgA.id, 'again@acme.example').expect(201);
    const first = mailsTo('again@acme.example').length;
    await invite(aAdmin, orgA.id, 'again@acme.example').expect(201);
    expect(mailsTo('again@acme.example')).toHaveLength(first + 1);
  });
});
