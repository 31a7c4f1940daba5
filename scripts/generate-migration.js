#!/usr/bin/env node
'use strict';
/**
 * `npm run migration:generate -- <VerbNoun> [--timestamp <ms>]` writes
 * migrations/<timestamp>-<VerbNoun>.ts with the SQL that brings the schema in line with the entities.
 *
 * Without DATABASE_URL it diffs against a throw-away in-memory PGlite with every existing migration
 * applied, so nothing needs installing and no real database is touched.
 * Pass --timestamp to stay inside the range your module was given.
 */
const { spawn } = require('node:child_process');
const { readdirSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DATA_SOURCE = 'apps/api/src/database/data-source.ts';
const TYPEORM_CLI = require.resolve('typeorm/cli-ts-node-commonjs.js', { paths: [ROOT] });

function usage(message) {
  process.stderr.write(`${message}\nUsage: npm run migration:generate -- <VerbNoun> [--timestamp <ms>]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { name: undefined, timestamp: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--timestamp' || argv[i] === '-t') args.timestamp = argv[(i += 1)];
    else if (!args.name) args.name = argv[i];
    else usage(`Unexpected argument: ${argv[i]}`);
  }
  if (!args.name || !/^[A-Z][a-z]+[A-Z][A-Za-z0-9]*$/.test(args.name)) {
    usage('The migration name must be PascalCase VerbNoun, e.g. CreateDefects or AddWorkspaceExpiry.');
  }
  if (args.timestamp !== undefined && !/^\d{13}$/.test(args.timestamp))
    usage('--timestamp must be 13 digits (ms).');
  return args;
}

function typeorm(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TYPEORM_CLI, ...args], { cwd: ROOT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`typeorm ${args[0]} exited with ${code}`)),
    );
  });
}

async function main() {
  const { name, timestamp } = parseArgs(process.argv.slice(2));
  const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' };
  let embedded;
  if (!env.DATABASE_URL) {
    require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
    const { startEmbeddedPostgres } = require(path.join(ROOT, 'apps/api/src/embedded/embedded-postgres.ts'));
    embedded = await startEmbeddedPostgres();
    env.DATABASE_URL = embedded.url;
    process.stdout.write('DATABASE_URL is unset: comparing against an in-memory PGlite.\n');
  }
  const before = new Set(readdirSync(path.join(ROOT, 'migrations')));
  try {
    await typeorm(['migration:run', '-d', DATA_SOURCE], env);
    const generate = ['migration:generate', '-d', DATA_SOURCE, '--pretty', `migrations/${name}`];
    if (timestamp) generate.push('--timestamp', timestamp);
    await typeorm(generate, env);
  } finally {
    await embedded?.stop();
  }
  const created = readdirSync(path.join(ROOT, 'migrations')).filter((file) => !before.has(file));
  if (created.length) {
    // Match the repository's formatting so `npm run lint` stays green.
    await new Promise((resolve) => {
      const prettier = require.resolve('prettier/bin/prettier.cjs', { paths: [ROOT] });
      const files = created.map((file) => path.join('migrations', file));
      spawn(process.execPath, [prettier, '--write', '--log-level', 'warn', ...files], {
        cwd: ROOT,
        stdio: 'inherit',
      }).on('exit', resolve);
    });
    process.stdout.write(`Review before committing: ${created.map((f) => `migrations/${f}`).join(', ')}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
