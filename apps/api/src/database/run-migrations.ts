import { DataSource, Migration } from 'typeorm';
import { ADVISORY_LOCKS, withAdvisoryLock } from './advisory-lock';

/**
 * Applies pending migrations under an advisory lock: of several processes starting together, the first
 * applies them and the others wait, then find nothing to do.
 */
export function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  return withAdvisoryLock(dataSource, ADVISORY_LOCKS.migrations, () =>
    dataSource.runMigrations({ transaction: 'each' }),
  );
}
