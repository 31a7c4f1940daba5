/**
 * What the PostgreSQL rate limiter (apps/api/src/rate-limits) costs a mutating request. Two figures:
 *
 * 1. The limiter's statement alone (user + organisation counters in one upsert), sequential and with
 *    20 callers bumping the same organisation row, against `SELECT 1` (the price of any round trip).
 * 2. A whole request, `POST /api/v1/notifications/read-all` through the real app (`inject`, no sockets),
 *    with the limiter and with its `hit` replaced by an answer made in memory, alternating every 10
 *    requests so a change of load on a shared machine hits both sides alike. The difference is the
 *    limiter's per-request overhead.
 *
 *   DATABASE_URL=postgres://… npm run bench rate-limit     # BENCH_RATE_LIMIT_N=2000 per run
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createSiblingApp, createTestApp } from '../apps/api/test/support/test-app';
import { loginAs } from '../apps/api/test/support/auth-helpers';
import { createUser } from '../apps/api/test/support/factories';
import { RateLimiter, RateLimitRule, RateLimitState } from '../apps/api/src/rate-limits/rate-limiter';

const N = Number(process.env.BENCH_RATE_LIMIT_N ?? 2000);

async function timed(label: string, count: number, run: (i: number) => Promise<unknown>, parallel = 1) {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await run(next++);
    }),
  );
  const ms = performance.now() - started;
  const perOp = (ms * 1000) / count;
  console.log(
    `${label.padEnd(58)} ${perOp.toFixed(0).padStart(6)} µs/op  ${((count / ms) * 1000).toFixed(0).padStart(6)} op/s`,
  );
  return perOp;
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to a PostgreSQL server');
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const t = await createTestApp({ ROLE: 'api', LOG_LEVEL: 'silent' });
  try {
    const limiter = t.app.get(RateLimiter);
    const rules = (i: number): RateLimitRule[] => [
      { key: `user:bench-${i % 50}`, limit: 1e9, windowSeconds: 3600, name: 'user' },
      { key: 'org:bench', limit: 1e9, windowSeconds: 3600, name: 'org' },
    ];
    console.log('\n1. The statement');
    await timed('warm-up', 500, (i) => limiter.hit(rules(i)));
    const select = await timed('SELECT 1, sequential', N, () => t.dataSource.query('SELECT 1'));
    const hit = await timed('limiter.hit(user, org), sequential', N, (i) => limiter.hit(rules(i)));
    await timed('SELECT 1, 20 callers', N, () => t.dataSource.query('SELECT 1'), 20);
    await timed('limiter.hit, 20 callers on one organisation row', N, (i) => limiter.hit(rules(i)), 20);
    console.log(`hit / SELECT 1 (sequential): ${(hit / select).toFixed(2)}`);

    console.log('\n2. POST /api/v1/notifications/read-all (whole request, in process)');
    const user = await createUser(t, { role: 'supplier_member' });
    const token = await loginAs(t, user);
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/notifications/read-all',
        headers: { authorization: `Bearer ${token}` },
      });
    const real = limiter.hit.bind(limiter);
    const inMemory = async (given: RateLimitRule[]): Promise<RateLimitState[]> =>
      given.map((rule) => ({ rule, hits: 1, remaining: rule.limit - 1, resetSeconds: 60, exceeded: false }));
    // The sides alternate every 10 requests, so load that comes and goes on a shared machine is
    // spread over both alike.
    const spent = { with: 0, without: 0 };
    const request = async (withLimiter: boolean) => {
      limiter.hit = withLimiter ? real : inMemory;
      const started = performance.now();
      const res = await post();
      if (res.statusCode !== 200) throw new Error(`read-all answered ${res.statusCode}`);
      spent[withLimiter ? 'with' : 'without'] += performance.now() - started;
    };
    for (let i = 0; i < 200; i++) await request(i % 2 === 0);
    spent.with = spent.without = 0;
    for (let i = 0; i < 2 * N; i++) await request(Math.floor(i / 10) % 2 === 0);
    limiter.hit = real;
    const withLimiter = (spent.with * 1000) / N;
    const without = (spent.without * 1000) / N;
    console.log(`${'with the limiter'.padEnd(58)} ${withLimiter.toFixed(0).padStart(6)} µs/request`);
    console.log(`${'limiter answered in memory'.padEnd(58)} ${without.toFixed(0).padStart(6)} µs/request`);
    console.log(
      `per-request overhead of the limiter: ${(withLimiter - without).toFixed(0)} µs ` +
        `(${((withLimiter / without - 1) * 100).toFixed(1)} % of ${without.toFixed(0)} µs)`,
    );
    // Keeps the sibling helper honest for benches too: a second process sees the same counters.
    const second = await createSiblingApp(t);
    const [state] = await second.app.get(RateLimiter).hit([rules(0)[1]]);
    console.log(`\norganisation counter seen from a second app: ${state.hits} hits`);
    await second.close();
  } finally {
    await t.close();
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
