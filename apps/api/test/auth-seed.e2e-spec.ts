import { DEMO_USERS, SeedService } from '../src/seed/seed.service';
import { authed, loginAs } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

describe('Demo seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ DEMO_PASSWORD: 'seeded-demo-password' });
  });
  afterAll(() => t.close());

  it('does not seed on its own outside development', async () => {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "user"`);
    expect(row.n).toBe(0);
  });

  it('creates the demo organisations and users once, however often it runs', async () => {
    expect(await t.app.get(SeedService).run()).toBe(5);
    expect(await t.app.get(SeedService).run()).toBe(0);
    const orgs: { name: string; kind: string }[] = await t.dataSource.query(
      `SELECT name, kind FROM organization ORDER BY name`,
    );
    expect(orgs).toEqual([
      { name: 'Acme Precision Parts', kind: 'supplier' },
      { name: 'Borealis Castings', kind: 'supplier' },
      { name: 'Portico', kind: 'internal' },
    ]);
  });

  it.each(DEMO_USERS.map((u) => [u.email, u.role] as const))(
    'lets %s sign in as %s with DEMO_PASSWORD',
    async (email, role) => {
      const me = await authed(t, await loginAs(t, { email, password: 'seeded-demo-password' }))
        .get('/api/v1/me')
        .expect(200);
      expect(me.body.role).toBe(role);
    },
  );

  it('keeps the two supplier organisations apart', async () => {
    const sara = authed(
      t,
      await loginAs(t, { email: 'sara@borealis.example', password: 'seeded-demo-password' }),
    );
    const orgs = await sara.get('/api/v1/organizations').expect(200);
    expect(orgs.body.items.map((o: { name: string }) => o.name)).toEqual(['Borealis Castings']);
  });
});
