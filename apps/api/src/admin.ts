import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { createServer, type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { passwordProblem } from './auth/password-policy/password-policy';
import { ConfigError, loadConfig } from './config/app-config';

const USAGE = `Usage:
  npm run admin -- create --email <email> --name "<display name>" [--org "<organisation>"] [--reset-password]
      Creates an administrator on DATABASE_URL; the password is read from standard input
      (printf '%s\\n' "$PASSWORD" | npm run admin -- create ...) or asked for on a terminal.
      An existing account is left unchanged unless --reset-password is given.
  npm run admin -- demo
      Seeds the demo organisations, users and workspaces (shared Jira issues and Feishu documents from the
      built-in simulators, drawings, a defect, comments) into a non-production database. Sign-in password:
      DEMO_PASSWORD. Runs the application on a free loopback port while it seeds.`;

/** A failure the operator can fix: one line on stderr, no stack trace. */
class UsageError extends Error {}

/** Same name as the service's error (admin-bootstrap.service.ts), which loads only with the application. */
class WeakPasswordError extends Error {
  override name = 'WeakPasswordError';
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      'reset-password': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    if (!command && !values.help) process.exitCode = 2;
    return;
  }
  if (command === 'create') {
    if (!values.email) throw new UsageError('--email is required');
    if (!values.name?.trim()) throw new UsageError('--name is required');
    const password = await readPassword();
    // Checked before the application loads: a refusal is quick and prints nothing else.
    const problem = passwordProblem(password, values.email.trim().toLowerCase());
    if (problem) throw new WeakPasswordError(problem);
    await withApp(async (app) => {
      const { AdminBootstrapService } = await import('./seed/admin-bootstrap.service');
      const outcome = await app.get(AdminBootstrapService).createAdmin({
        email: values.email!,
        displayName: values.name!.trim(),
        orgName: values.org,
        password,
        resetPassword: values['reset-password'],
        via: 'cli',
      });
      const { email, role } = outcome.user;
      const line = {
        created: `Created administrator ${email}.`,
        'password-reset': `Reset the password of ${email} (${role}); its sessions have ended.`,
        unchanged: `${email} already exists (${role}); nothing changed (use --reset-password to set a new password).`,
      }[outcome.result];
      process.stdout.write(`${line}\n`);
    });
    return;
  }
  if (command === 'demo') {
    const base = loadConfig();
    if (base.env === 'production')
      throw new UsageError('the demo data is not for production databases (NODE_ENV=production)');
    if (!base.databaseUrl) throw new UsageError('DATABASE_URL must be set (the database to write to)');
    await seedDemo();
    return;
  }
  throw new UsageError(`unknown command "${command}"\n${USAGE}`);
}

/**
 * The demo of `npm start` on DATABASE_URL: delivering the demo defect to Jira and following its status
 * need the queue workers, the Jira webhook route and the simulators, so this runs the whole application
 * for the while it seeds, on a free loopback port. Simulator and embedded storage state go to DATA_DIR,
 * where a later `npm start` on the same database finds them.
 */
async function seedDemo(): Promise<void> {
  const port = await freeLoopbackPort();
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    ...process.env,
    ROLE: 'all',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  const { startEmbeddedServices } = await import('./embedded/embedded-services');
  const { createApp } = await import('./app.setup');
  const { DEMO_TOUR, DemoDataService } = await import('./seed/demo-data.service');
  const embedded = await startEmbeddedServices(config);
  try {
    const app = await createApp(embedded.config);
    try {
      await app.listen(port, '127.0.0.1');
      const { created, seconds } = await app.get(DemoDataService).seed();
      const state = created ? `seeded in ${seconds.toFixed(1)} s` : 'already present';
      const lines = [
        `Demo data ${state}. Sign in with the password from DEMO_PASSWORD ("${config.demoPassword}" unless set) as:`,
        ...DEMO_TOUR.map((line) => `  ${line}`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      await app.close();
    }
  } finally {
    await embedded.stop();
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The application's own services on DATABASE_URL (migrated first), without HTTP or queue workers. */
async function withApp(work: (app: INestApplicationContext) => Promise<void>): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, ROLE: 'api' });
  if (!config.databaseUrl) throw new UsageError('DATABASE_URL must be set (the database to write to)');
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('./app.module');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

/** The first line of standard input, or a prompt without echo on a terminal. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await promptHidden('Password: ');
    const second = await promptHidden('Repeat password: ');
    if (first !== second) throw new UsageError('the passwords do not match');
    return first;
  }
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const password = input.split(/\r?\n/)[0];
  if (!password) throw new UsageError('no password on standard input');
  return password;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new UsageError('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

main(process.argv.slice(2)).catch((error) => {
  if ((error as Error).name === 'WeakPasswordError') {
    process.stderr.write(`Password refused: it ${error.message}.\n`);
    process.exit(1);
  }
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
