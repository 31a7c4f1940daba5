import { mkdirSync } from 'node:fs';
import { PgliteServer } from './pglite-server';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite behind a loopback PostgreSQL socket, so the app uses the ordinary `pg` driver.
 * `dataDir` undefined keeps the database in memory (tests); otherwise it survives restarts.
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Loaded here: an API configured with a real PostgreSQL should not hold PGlite's code.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir ? { dataDir } : undefined);
  const server = new PgliteServer(db);
  const port = await server.listen();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.close();
      await db.close();
    },
  };
}
