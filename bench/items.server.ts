/**
 * The server side of the items bench (bench/items.bench.ts starts it, compiled, with the Node arguments of
 * `npm start`): Portico's API and the bare Fastify + pg baseline in this one process, so both get the same
 * heap settings and the same CPU. It talks to the bench over the IPC channel:
 *   -> { type: 'ready', porticoUrl, bareUrl, accessToken, body }   once both listen
 *   <- { type: 'cpu', profile? } -> { type: 'cpu', usage }        this process's CPU time so far
 *   <- { type: 'close' }                                          closes everything in order and exits
 * Environment: the API's own variables (see the bench), plus BENCH_EMAIL, BENCH_PASSWORD and
 * BENCH_WORKSPACE_ID naming the seeded supplier member and workspace whose list is measured. With
 * BENCH_ITEMS_CPU_PROFILE_DIR (or BENCH_ITEMS_HEAP_PROFILE_DIR) set, each 'cpu' message ends the profile
 * running (written there as <name>.cpuprofile or .heapprofile) and one naming a `profile` starts the next:
 * one profile per measured run.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Pool } from 'pg';
import type { AuthUser } from '@portico/auth';
import { createApp } from '../apps/api/src/app.setup';
import { loadConfig } from '../apps/api/src/config/app-config';
import { toSupplierItemDto } from '../apps/api/src/sharing/dto/item-response.dto';
import { ItemListService } from '../apps/api/src/sharing/item-list.service';

const PAGE = 50;

/**
 * Profiles of the measured runs, one file each: CPU profiles when BENCH_ITEMS_CPU_PROFILE_DIR names a
 * folder (<name>.cpuprofile), allocation samples when BENCH_ITEMS_HEAP_PROFILE_DIR does (<name>.heapprofile,
 * what each function allocated, for the garbage behind pauses).
 */
const profiler = {
  session: undefined as Session | undefined,
  running: undefined as string | undefined,
  kind: process.env.BENCH_ITEMS_HEAP_PROFILE_DIR
    ? {
        dir: process.env.BENCH_ITEMS_HEAP_PROFILE_DIR,
        domain: 'HeapProfiler',
        start: 'startSampling',
        stop: 'stopSampling',
        ext: 'heapprofile',
      }
    : process.env.BENCH_ITEMS_CPU_PROFILE_DIR
      ? {
          dir: process.env.BENCH_ITEMS_CPU_PROFILE_DIR,
          domain: 'Profiler',
          start: 'start',
          stop: 'stop',
          ext: 'cpuprofile',
        }
      : undefined,
  post(method: string, params?: object): Promise<{ profile?: object }> {
    return new Promise((resolve, reject) =>
      this.session!.post(method, params, (error, result) => (error ? reject(error) : resolve(result ?? {}))),
    );
  },
  async next(name: string | undefined): Promise<void> {
    const kind = this.kind;
    if (!kind) return;
    if (!this.session) {
      this.session = new Session();
      this.session.connect();
      await this.post(`${kind.domain}.enable`);
    }
    if (this.running) {
      const { profile } = await this.post(`${kind.domain}.${kind.stop}`);
      writeFileSync(join(kind.dir, `${this.running}.${kind.ext}`), JSON.stringify(profile));
      this.running = undefined;
    }
    if (name) {
      // 8 kB between samples: fine enough to tell the request path's allocations apart.
      await this.post(
        `${kind.domain}.${kind.start}`,
        kind.ext === 'heapprofile'
          ? {
              samplingInterval: 8192,
              includeObjectsCollectedByMajorGC: true,
              includeObjectsCollectedByMinorGC: true,
            }
          : {},
      );
      this.running = name;
    }
  },
};

function send(message: object): void {
  if (!process.send) throw new Error('items.server runs as a child of bench/items.bench.ts (IPC channel)');
  process.send(message);
}

async function main(): Promise<void> {
  const { BENCH_EMAIL: email, BENCH_PASSWORD: password, BENCH_WORKSPACE_ID: workspaceId } = process.env;
  if (!email || !password || !workspaceId) throw new Error('BENCH_EMAIL, BENCH_PASSWORD, BENCH_WORKSPACE_ID');
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const appUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  const login = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const { accessToken, user } = (await login.json()) as { accessToken: string; user: AuthUser };
  const path = `/api/v1/workspaces/${workspaceId}/items?limit=${PAGE}`;
  const probe = await fetch(`${appUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  const body = await probe.text();
  if (probe.status !== 200) throw new Error(`unexpected list answer ${probe.status}: ${body.slice(0, 200)}`);

  // The exact SQL the app generates for this supplier, with the same row mapping and pool size.
  const pool = new Pool({ connectionString: config.databaseUrl, max: config.databasePoolSize });
  const { sql, params } = app.get(ItemListService).listSql(user, workspaceId, { limit: PAGE });
  const bare = Fastify({ logger: false });
  bare.get('/items', async () => {
    const { rows } = await pool.query(sql, params);
    return {
      items: rows.slice(0, PAGE).map((row) => toSupplierItemDto(row, row.lastSeenVersion)),
      nextCursor: rows.length > PAGE ? 'x' : null,
    };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const { port } = bare.server.address() as { port: number };

  process.on('message', (message: { type: string }) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      void profiler.next((message as { profile?: string }).profile).then(() => send({ type: 'cpu', usage }));
    }
    if (message.type === 'close')
      // Every connection to the database is closed before the bench drops it.
      void bare
        .close()
        .then(() => pool.end())
        .then(() => app.close())
        .then(() => process.exit(0));
  });
  send({
    type: 'ready',
    porticoUrl: `${appUrl}${path}`,
    bareUrl: `http://127.0.0.1:${port}/items`,
    accessToken,
    body,
  });
}

main().catch((error) => {
  console.error('items server failed:', error);
  process.exit(1);
});
