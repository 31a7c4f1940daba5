import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite behind a loopback PostgreSQL socket, so the app uses the ordinary `pg` driver.
 * `dataDir` undefined keeps the database in memory (tests); otherwise it survives restarts.
 * PGlite is single-session; the socket server multiplexes up to 32 connections over it, keeping a
 * transaction's statements together, so small pools work.
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : undefined);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
  await server.start();
  // getServerConn() reports the port the OS picked for port 0, as "host:port".
  const port = server.getServerConn().split(':').pop();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
