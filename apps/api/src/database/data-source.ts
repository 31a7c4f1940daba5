import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { typeormOptions } from './typeorm-options';

/** Used by the TypeORM CLI (`npm run migration:revert`, `migration:generate`); needs DATABASE_URL. */
const config = loadConfig();
if (!config.databaseUrl) {
  throw new Error(
    'DATABASE_URL must be set for the migration commands (the app itself migrates at start-up).',
  );
}
export default new DataSource(typeormOptions(config.databaseUrl, 1));
