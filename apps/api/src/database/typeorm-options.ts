import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';

/**
 * The one place that says where entities and migrations are, for the app, the tests and the
 * TypeORM CLI alike. Paths are relative to this file so they hold in `src/` and in `dist/`.
 */
export function typeormOptions(url: string, poolSize: number): DataSourceOptions {
  const root = join(__dirname, '..', '..', '..', '..');
  return {
    type: 'postgres',
    url,
    entities: [join(root, 'apps/api/src/**/*.entity.{ts,js}')],
    migrations: [join(root, 'migrations/*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: poolSize },
  };
}
