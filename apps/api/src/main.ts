import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './app.setup';
import { startEmbeddedServices } from './embedded/embedded-services';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (config.jwtSecretGenerated && config.env !== 'development' && config.env !== 'test') {
    process.stderr.write('WARNING: JWT_SECRET is not set; a random one is used and sessions end at every restart.\n');
  }

  const embedded = await startEmbeddedServices(config);
  const app = await createApp(embedded.config);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Portico…\n`);
    await app.close();
    await embedded.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(embedded.config.port, embedded.config.host);
  const lines = [`Portico is running at ${embedded.config.publicUrl}`, `  API docs: ${embedded.config.publicUrl}/api/docs`, ...embedded.notes.map((n) => `  ${n}`)];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error) => {
  process.stderr.write(`Portico failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
