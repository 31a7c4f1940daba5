import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config';
import { runMigrationsExclusively } from './run-migrations';
import { typeormOptions } from './typeorm-options';

/**
 * `npm run migration:run`: applies pending migrations to DATABASE_URL from the built output (plain
 * node, no dev dependencies), under the same lock the API takes at start-up.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL must be set to run migrations');
  const dataSource = await new DataSource(typeormOptions(config.databaseUrl, 1)).initialize();
  try {
    const applied = await runMigrationsExclusively(dataSource);
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m.name}`).join('\n')}\n`
        : 'The database is up to date.\n',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
