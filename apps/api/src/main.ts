// eslint-disable-next-line no-restricted-imports -- must run before anything else loads, to instrument http and pg
import './tracing/register';
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadConfig, productionProblem } from './config';
import { createApp } from './app.setup';
import { startEmbeddedServices } from './embedded';
import { stopTracing } from './tracing';
import { DEMO_TOUR, DemoDataService } from './seed';
import { ShutdownState } from './health';
import { JobQueue } from './sync';

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
  const refusal = productionProblem(config);
  if (refusal) {
    process.stderr.write(`Invalid configuration: ${refusal}\n`);
    process.exit(2);
  }
  if (config.jwtSecretGenerated && config.env !== 'development' && config.env !== 'test') {
    process.stderr.write(
      'WARNING: JWT_SECRET is not set; a random one is used and sessions end at every restart.\n',
    );
  }

  const embedded = await startEmbeddedServices(config);
  const app = await createApp(embedded.config, { drainOnClose: true });
  if (config.role === 'worker') {
    // A worker runs queue handlers; over HTTP it only answers health checks and metrics scrapes.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', async (request, reply) => {
        if (!/^\/(api\/health\/|metrics(\?|$))/.test(request.url)) await reply.code(404).send();
      });
  }
  const shutdownState = app.get(ShutdownState);
  // Responses finishing during a shutdown close their connection: a keep-alive connection would hold
  // the closing server open (Fastify keeps idle ones 72 s), and closing it while idle races the
  // client's next request on it.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (shutdownState.isStopping) void reply.header('connection', 'close');
      done(null, payload);
    });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Portico (at most ${config.shutdownGraceMs / 1000} s)…\n`);
    setTimeout(() => {
      process.stderr.write('The shutdown grace period is over: exiting now.\n');
      process.exit(1);
    }, config.shutdownGraceMs).unref();
    try {
      await drain(app, config.shutdownGraceMs);
      await app.close();
      await embedded.stop();
      await stopTracing();
    } catch (error) {
      process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

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

/**
 * The first part of a graceful shutdown, before the application closes its pools: readiness turns 503,
 * the server stops accepting connections while requests in flight (and requests arriving on connections
 * already open) finish, and queue workers stop fetching and let running jobs finish. A job still
 * running when its share of the grace period ends is handed out again after its expiry.
 */
async function drain(app: NestFastifyApplication, graceMs: number): Promise<void> {
  app.get(ShutdownState).begin();
  // Connections accepted before the signal may still carry a request being read: give them a moment,
  // then close whatever is idle, again each second (responses during shutdown close their connection).
  const server = app.getHttpServer() as import('node:http').Server;
  const closeIdle = setInterval(() => server.closeIdleConnections(), 1000);
  await Promise.all([
    app
      .getHttpAdapter()
      .getInstance()
      .close()
      .finally(() => clearInterval(closeIdle)),
    // Leave part of the grace period for closing pools and connections.
    app.get(JobQueue, { strict: false }).stop(Math.max(0, graceMs - 3000)),
  ]);
}

main().catch((error) => {
  process.stderr.write(
    `Portico failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
