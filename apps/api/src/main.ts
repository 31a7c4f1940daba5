import './tracing/register';
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './app.setup';
import { startEmbeddedServices } from './embedded/embedded-services';
import { stopTracing } from './tracing/tracing';
import { DEMO_TOUR, DemoDataService } from './seed/demo-data.service';

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
  if (config.role !== 'all' && !config.databaseUrl) {
    // The embedded database lives inside one process; split roles must share a real PostgreSQL.
    process.stderr.write(`Invalid configuration: DATABASE_URL must be set when ROLE=${config.role}\n`);
    process.exit(2);
  }
  if (config.jwtSecretGenerated && config.env !== 'development' && config.env !== 'test') {
    process.stderr.write(
      'WARNING: JWT_SECRET is not set; a random one is used and sessions end at every restart.\n',
    );
  }

  const embedded = await startEmbeddedServices(config);
  const app = await createApp(embedded.config);
  if (config.role === 'worker') {
    // A worker runs queue handlers; over HTTP it only answers health checks and metrics scrapes.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', async (request, reply) => {
        if (!/^\/(api\/health\/|metrics(\?|$))/.test(request.url)) await reply.code(404).send();
      });
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Portico…\n`);
    await app.close();
    await embedded.stop();
    await stopTracing();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(embedded.config.port, embedded.config.host);
  const lines = [
    `Portico (${config.role === 'all' ? 'API + worker' : config.role}) is running at ${embedded.config.publicUrl}`,
    `  API docs: ${embedded.config.publicUrl}/api/docs`,
    ...embedded.notes.map((n) => `  ${n}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');

  // The demo seeds after listen: Jira delivery and status sync need the queue and the webhook route
  // up, and the portal answers meanwhile instead of waiting for it.
  const embeddedDemo = !config.databaseUrl && config.env === 'development' && config.role === 'all';
  if (embeddedDemo && config.demoData) {
    process.stdout.write('Seeding the demo workspaces (DEMO_DATA=false skips this)…\n');
    app
      .get(DemoDataService)
      .seed()
      .then(({ created, seconds }) => {
        const state = created ? `seeded in ${seconds.toFixed(1)} s` : 'already present';
        process.stdout.write(
          [`Demo data ${state}. Sign in as:`, ...DEMO_TOUR.map((line) => `  ${line}`)].join('\n') + '\n',
        );
      })
      .catch((error: Error) => process.stderr.write(`Demo data could not be seeded: ${error.message}\n`));
  }
}

main().catch((error) => {
  process.stderr.write(
    `Portico failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
