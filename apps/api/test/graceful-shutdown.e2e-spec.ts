import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedS3, startEmbeddedS3 } from '../src/embedded/embedded-s3';
import { collect, spawnSource } from './support/source-process';
import { waitFor } from './support/sync-queue';
import { createTestDatabase, TestDatabase } from './support/test-database';

const ADMIN = { email: 'ops@example.com', password: 'correct horse battery staple 7' };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function signIn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(ADMIN);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/auth/login',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('SIGTERM on a production process (ROLE=all, real PostgreSQL and storage)', () => {
  let database: TestDatabase;
  let storage: EmbeddedS3;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'portico-shutdown-'));
    storage = await startEmbeddedS3(dir, 'portico');
  });
  afterAll(async () => {
    await storage.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets every request in flight finish, refuses new connections and exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child: ChildProcess = spawnSource('apps/api/src/main.ts', [], {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: 'https://portico.test',
      DATA_DIR: dir,
      DATABASE_URL: database.url,
      S3_ENDPOINT: storage.endpoint,
      S3_BUCKET: 'portico',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      LOG_LEVEL: 'warn',
    });
    const result = collect(child);
    try {
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      await waitFor(async () => output.includes('is running at'), 120_000, `start-up; output: ${output}`);
      const ready = await fetch(`${base}/api/health/ready`);
      expect(ready.status).toBe(200);

      // Each sign-in hashes with argon2 (a few at a time on the thread pool): together they take seconds,
      // and all have reached the server well before the signal.
      const finished: number[] = [];
      // One connection per request (no keep-alive reuse): each is fully sent and in flight at the signal.
      const signIns = Array.from({ length: 40 }, () =>
        signIn(port).then((status) => {
          finished.push(Date.now());
          return status;
        }),
      );
      // The first answer means the server has been working through the burst: all requests are in.
      await Promise.race(signIns);
      const signalledAt = Date.now();
      child.kill('SIGTERM');

      // Every request the server read is answered 200. On a loaded machine a connection may still wait in
      // the kernel's accept queue when the listener closes; it is reset before any byte of it was read.
      const outcomes = await Promise.allSettled(signIns);
      const answered = outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value);
      expect(answered).toEqual(Array(answered.length).fill(200));
      const refused = outcomes.filter((o) => o.status === 'rejected');
      for (const r of refused) expect((r.reason as NodeJS.ErrnoException).code).toBe('ECONNRESET');
      // How many the kernel still held unaccepted depends on the machine's load (14 of 40 were answered on
      // a busy CI run, all 40 on a quiet one); what matters is that none the server read went unanswered.
      expect(answered.length).toBeGreaterThan(0);
      // Some were still running when the signal came, or this test would prove nothing.
      expect(Math.max(...finished)).toBeGreaterThan(signalledAt);
      const { code } = await result;
      if (code !== 0) throw new Error(`exit ${code}: ${output.slice(-1500)}`);
      await expect(fetch(`${base}/api/health/live`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 240_000);
});
