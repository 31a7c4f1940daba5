import { Client } from 'pg';
import { DataSource, Migration } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** pg_advisory_lock key of the migrator: any constant shared by every Portico process on one database. */
export const MIGRATION_LOCK_KEY = 7_140_202_611;

/**
 * Applies pending migrations while holding a session advisory lock, so processes starting together
 * migrate one after another: the first applies, the others wait and then find nothing to do. The lock
 * is held by a connection of its own (outside the pool, which may have a single connection, and outside
 * any transaction, as the embedded PGlite runs one at a time); it ends with the session if the process dies.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const lock = new Client({ connectionString: (dataSource.options as PostgresConnectionOptions).url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    // Closing the session releases the lock.
    await lock.end();
  }
}
