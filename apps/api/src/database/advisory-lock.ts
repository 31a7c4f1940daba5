import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** pg_advisory_lock keys: constants shared by every Portico process on one database. */
export const ADVISORY_LOCKS = { migrations: 7_140_202_611, adminBootstrap: 7_140_202_612 } as const;

/**
 * Runs `work` while this process holds a session advisory lock, so processes starting together take
 * turns. The lock is held by a connection of its own: outside the pool (which may have a single
 * connection) and outside any transaction (the embedded PGlite runs one at a time). A process that dies
 * loses its session and with it the lock.
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  key: number,
  work: () => Promise<T>,
): Promise<T> {
  const lock = new Client({ connectionString: (dataSource.options as PostgresConnectionOptions).url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}
