import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loginAs } from './support/auth-helpers';
import { createTestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { runSource } from './support/source-process';

const ADMIN = 'apps/api/src/admin.ts';
const PASSWORD = 'correct horse battery staple 7';

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

// Each run of the CLI is a process of its own loading the whole application: minutes on a busy machine.
jest.setTimeout(300_000);

describe('npm run admin (first administrator, demo data)', () => {
  let database: TestDatabase;
  const env = () => ({ NODE_ENV: 'test', DATABASE_URL: database.url });
  const hashOf = async (email: string) =>
    (
      await query<{ h: string }>(database.url, 'SELECT password_hash AS h FROM "user" WHERE email = $1', [
        email,
      ])
    )[0]?.h;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('creates the administrator on a fresh database, refuses a weak password, changes nothing on a rerun, resets on request', async () => {
    const create = ['create', '--email', 'Ops@Example.com', '--name', 'Olga Ops'];

    const weak = await runSource(ADMIN, create, env(), 'password\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim().split('\n')).toEqual(['Password refused: it must be at least 12 characters.']);
    const common = await runSource(ADMIN, create, env(), 'passwordpassword\n');
    expect(common.code).toBe(1);
    expect(common.stderr).toMatch(/too common/);

    const created = await runSource(ADMIN, create, env(), `${PASSWORD}\n`);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created administrator ops@example.com/);
    const [user] = await query<{ role: string; status: string; kind: string; org: string }>(
      database.url,
      `SELECT u.role, u.status, o.kind, o.name AS org FROM "user" u JOIN organization o ON o.id = u.org_id`,
    );
    expect(user).toEqual({ role: 'admin', status: 'active', kind: 'internal', org: 'Portico' });
    const firstHash = await hashOf('ops@example.com');

    const rerun = await runSource(ADMIN, create, env(), 'another strong password 8\n');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/already exists .*nothing changed/);
    expect(await hashOf('ops@example.com')).toBe(firstHash);

    const reset = await runSource(
      ADMIN,
      [...create, '--reset-password'],
      env(),
      'another strong password 8\n',
    );
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Reset the password of ops@example.com/);
    expect(await hashOf('ops@example.com')).not.toBe(firstHash);

    const events = await query<{ action: string }>(
      database.url,
      `SELECT action FROM audit_event WHERE action = 'user.bootstrap'`,
    );
    expect(events).toHaveLength(2);
    expect(await query(database.url, `SELECT id FROM organization`)).toHaveLength(1);

    // The created administrator signs in over HTTP with the reset password, not the first one.
    const t = await createTestApp({ DATABASE_URL: database.url });
    try {
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'ops@example.com', password: PASSWORD })
        .expect(401);
      const token = await loginAs(t, { email: 'ops@example.com', password: 'another strong password 8' });
      const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ email: 'ops@example.com', role: 'admin' });
    } finally {
      await t.close();
    }
  });

  it('names what is missing and exits 2 on a usage error', async () => {
    const missing = await runSource(ADMIN, ['create', '--name', 'No Email'], env(), `${PASSWORD}\n`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--email is required/);
    const unset = await runSource(
      ADMIN,
      ['create', '--email', 'a@example.com', '--name', 'A'],
      { NODE_ENV: 'test' },
      `${PASSWORD}\n`,
    );
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/DATABASE_URL must be set/);
  });

  it('seeds the demo organisations, users and workspaces into a non-production database and refuses with NODE_ENV=production', async () => {
    const refused = await runSource(ADMIN, ['demo'], { ...env(), NODE_ENV: 'production' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/NODE_ENV=production/);
    expect(await hashOf('pm@portico.example')).toBeUndefined();

    const dataDir = mkdtempSync(join(tmpdir(), 'portico-demo-'));
    try {
      const seeded = await runSource(ADMIN, ['demo'], { ...env(), DATA_DIR: dataDir });
      expect({ code: seeded.code, stderr: seeded.stderr }).toMatchObject({ code: 0 });
      expect(seeded.stdout).toMatch(/Demo data seeded in/);
      expect(await hashOf('pm@portico.example')).toBeDefined();
      // The administrator created before keeps its account and its organisation is the internal one.
      expect(await query(database.url, `SELECT id FROM organization WHERE kind = 'internal'`)).toHaveLength(
        1,
      );
      // The workspaces, their published versions and the defect delivered to the Jira simulator.
      const workspaces = await query<{ name: string }>(
        database.url,
        'SELECT name FROM workspace ORDER BY name',
      );
      expect(workspaces.map((w) => w.name)).toEqual([
        'Acme · Hardware launch (demo)',
        'Borealis · Enclosure castings (demo)',
      ]);
      const [{ versions }] = await query<{ versions: number }>(
        database.url,
        'SELECT count(*)::int AS versions FROM shared_item_version',
      );
      expect(versions).toBeGreaterThan(6);
      const delivered = await query(database.url, 'SELECT id FROM defect WHERE jira_key IS NOT NULL');
      expect(delivered.length).toBeGreaterThan(0);

      // A second run finds the demo present and changes nothing.
      const again = await runSource(ADMIN, ['demo'], { ...env(), DATA_DIR: dataDir });
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/already present/);
      const [{ after }] = await query<{ after: number }>(
        database.url,
        'SELECT count(*)::int AS after FROM shared_item_version',
      );
      expect(after).toBe(versions);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('ADMIN_EMAIL + ADMIN_PASSWORD_FILE at start-up', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-admin-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates that administrator once when none exists, and never overwrites', async () => {
    const database = await createTestDatabase();
    try {
      const file = join(dir, 'admin-password');
      writeFileSync(file, `${PASSWORD}\n`);
      const first = await createTestApp({
        DATABASE_URL: database.url,
        ADMIN_EMAIL: 'root@example.com',
        ADMIN_PASSWORD_FILE: file,
      });
      try {
        await loginAs(first, { email: 'root@example.com', password: PASSWORD });
      } finally {
        await first.close();
      }
      // A later start with other values finds an administrator and leaves everything as it is.
      writeFileSync(file, 'a different long password 9\n');
      const second = await createTestApp({
        DATABASE_URL: database.url,
        ADMIN_EMAIL: 'other@example.com',
        ADMIN_PASSWORD_FILE: file,
      });
      try {
        await loginAs(second, { email: 'root@example.com', password: PASSWORD });
        const admins = await second.dataSource.query(`SELECT email FROM "user" WHERE role = 'admin'`);
        expect(admins).toEqual([{ email: 'root@example.com' }]);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('refuses to start with a weak ADMIN_PASSWORD', async () => {
    const database = await createTestDatabase();
    try {
      await expect(
        createTestApp({
          DATABASE_URL: database.url,
          ADMIN_EMAIL: 'root@example.com',
          ADMIN_PASSWORD: 'short',
        }),
      ).rejects.toThrow(/ADMIN_PASSWORD must be at least 12 characters/);
    } finally {
      await database.drop();
    }
  });
});
