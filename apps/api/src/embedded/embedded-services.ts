import { join, resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedS3 } from './embedded-s3';

export interface EmbeddedServices {
  /** The configuration with every embedded service's address filled in. */
  config: AppConfig;
  /** Human-readable lines for the start-up banner. */
  notes: string[];
  stop(): Promise<void>;
}

/**
 * Starts a local stand-in for every external service whose variables are unset (DESIGN.md §6),
 * so one command runs Portico on a laptop. Production sets the variables and nothing starts here.
 */
export async function startEmbeddedServices(config: AppConfig): Promise<EmbeddedServices> {
  const dataDir = resolve(config.dataDir);
  const stops: Array<() => Promise<void>> = [];
  const notes: string[] = [];
  const resolved: AppConfig = { ...config, s3: { ...config.s3 } };
  try {
    if (!config.databaseUrl) {
      const postgres = await startEmbeddedPostgres(join(dataDir, 'pglite'));
      stops.push(() => postgres.stop());
      resolved.databaseUrl = postgres.url;
      // PGlite runs one statement at a time however many connections share it.
      resolved.databasePoolSize = Math.min(config.databasePoolSize, 4);
      notes.push(`database: embedded PGlite in ${join(dataDir, 'pglite')}`);
    }
    if (!config.s3.endpoint) {
      const s3 = await startEmbeddedS3(join(dataDir, 's3'), config.s3.bucket);
      stops.push(() => s3.stop());
      resolved.s3.endpoint = s3.endpoint;
      notes.push(`storage: embedded S3 at ${s3.endpoint} in ${join(dataDir, 's3')}`);
    }
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
  return { config: resolved, notes, stop: () => stopAll(stops) };
}

async function stopAll(stops: Array<() => Promise<void>>): Promise<void> {
  for (const stop of stops.reverse()) {
    await stop().catch(() => undefined);
  }
}
