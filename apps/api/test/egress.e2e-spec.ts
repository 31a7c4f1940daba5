import { clientFor } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** Stored URLs Portico calls later (a workspace's DingTalk robot) are checked by the egress policy on save. */
describe('Egress policy on saved URLs', () => {
  let t: TestApp;
  let asPm: Awaited<ReturnType<typeof clientFor>>;
  let acmeId: string;
  let workspaceId: string;
  const robot = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef';

  beforeAll(async () => {
    // No EGRESS_ALLOW_PRIVATE_HOSTS: as in production, nothing private is exempt.
    t = await createTestApp();
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico' });
    const acme = await createOrg(t, { kind: 'supplier', name: 'Acme' });
    acmeId = acme.id;
    asPm = await clientFor(t, await createUser(t, { role: 'pm', org: internal }));
    workspaceId = (
      await asPm
        .post('/api/v1/workspaces')
        .send({ name: 'Acme robots', supplierOrgId: acmeId, dingtalkWebhook: robot })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const refused = [
    'http://127.0.0.1:5432/',
    'http://localhost/robot/send?access_token=x',
    'http://[::ffff:7f00:1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2130706433/robot/send',
    'http://0177.0.0.1/robot/send',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://100.64.0.1/',
    'http://10.0.0.8/robot/send',
    'https://hooks.example.com/robot/send?access_token=x',
    'https://oapi.dingtalk.com.example.net/robot/send',
    'https://user:pw@oapi.dingtalk.com/robot/send',
  ];

  it.each(refused)('refuses %s on create and on update with a 400 naming the field', async (url) => {
    for (const res of [
      await asPm
        .post('/api/v1/workspaces')
        .send({ name: 'SSRF', supplierOrgId: acmeId, dingtalkWebhook: url }),
      await asPm.patch(`/api/v1/workspaces/${workspaceId}`).send({ dingtalkWebhook: url }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'dingtalkWebhook' })]);
    }
    const stored = await asPm.get(`/api/v1/workspaces/${workspaceId}`).expect(200);
    expect(stored.body.dingtalkWebhook).toBe(robot);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM workspace WHERE name = 'SSRF'`,
    );
    expect(count).toBe(0);
  });

  it('accepts the DingTalk robot host and clearing the URL', async () => {
    const other = `${robot}0`;
    await asPm.patch(`/api/v1/workspaces/${workspaceId}`).send({ dingtalkWebhook: other }).expect(200);
    expect((await asPm.get(`/api/v1/workspaces/${workspaceId}`).expect(200)).body.dingtalkWebhook).toBe(
      other,
    );
    await asPm.patch(`/api/v1/workspaces/${workspaceId}`).send({ dingtalkWebhook: null }).expect(200);
    await asPm.patch(`/api/v1/workspaces/${workspaceId}`).send({ dingtalkWebhook: robot }).expect(200);
  });
});
