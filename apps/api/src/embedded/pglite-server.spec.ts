import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Client } from 'pg';

// PGlite cannot load inside jest's module sandbox, so the embedded database runs in a child process.
const START = `require('./apps/api/src/embedded/embedded-postgres').startEmbeddedPostgres().then((p) => console.log(p.url))`;

describe('embedded PostgreSQL (PGlite behind PgliteServer)', () => {
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', START], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    url = line.toString().trim();
    const setup = await connect();
    await setup.query(
      'CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0);',
    );
    await setup.end();
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  }

  it('answers each of many concurrent connections with the result of its own parameterised queries', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, connect));
    try {
      const mismatches = await Promise.all(
        clients.map(async (client, c) => {
          let wrong = 0;
          for (let i = 0; i < 40; i++) {
            // Each client's statement text differs, so a Bind landing on another client's Parse shows.
            const { rows } = await client.query(`SELECT $1::text || ':${c}' AS v`, [String(i)]);
            if (rows[0].v !== `${i}:${c}`) wrong++;
          }
          return wrong;
        }),
      );
      expect(mismatches).toEqual(new Array(8).fill(0));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('keeps an open transaction to its own connection until it ends', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    try {
      await a.query('BEGIN');
      await a.query('UPDATE counter SET n = n + 1 WHERE id = $1', [1]);
      // b's read waits for a's transaction instead of running inside it.
      const read = b.query('SELECT n FROM counter WHERE id = $1', [1]);
      await a.query('ROLLBACK');
      expect((await read).rows[0].n).toBe(0);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('rolls back the transaction of a connection that disappears, freeing the others', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    a.on('error', () => undefined);
    await a.query('BEGIN');
    await a.query('UPDATE counter SET n = 99 WHERE id = 1');
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await b.query('SELECT n FROM counter WHERE id = 1');
    expect(rows[0].n).toBe(0);
    await b.end();
  });
});
