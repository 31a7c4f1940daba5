'use strict';
/**
 * Portico started as `npm start` starts it, but isolated for tools (browser tests, API type
 * generation): its own data folder, a free port, embedded services only, output to a log file.
 */
const { spawn } = require('node:child_process');
const { createWriteStream } = require('node:fs');
const { createServer } = require('node:net');
const path = require('node:path');
const { ROOT } = require('./build-if-stale');

const READY_TIMEOUT_MS = 90_000;
// Variables that would point the app at shared services; a tool's app always runs on its own embedded ones.
const ISOLATED_PREFIXES = ['DATABASE_', 'S3_', 'JIRA_', 'FEISHU_', 'SMTP_', 'PUBLIC_URL', 'PORT', 'DATA_DIR'];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForReady(baseUrl, server) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`Portico exited with code ${server.exitCode} before it was ready.`);
    try {
      const response = await fetch(`${baseUrl}/api/health/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Portico was not ready within ${READY_TIMEOUT_MS / 1000} s.`);
}

/**
 * Spawns scripts/start.js; `stop()` sends SIGTERM (graceful) and waits, killing after 25 s.
 * `env` adds settings of the tool's own (never the isolated services above).
 */
/**
 * `apiOnly`: the compiled API itself instead of `npm start`'s launcher (which builds the portal too), for
 * callers that need the API alone, such as the API type generator whose output the portal is built from.
 */
function startServer({ port, dataDir, logFile, env: extraEnv = {}, apiOnly = false }) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !ISOLATED_PREFIXES.some((prefix) => key.startsWith(prefix)),
    ),
  );
  Object.assign(env, {
    PORT: String(port),
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    // Every test signs in from 127.0.0.1; the production limit per IP would throttle the suite.
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    ...extraEnv,
  });
  const log = createWriteStream(logFile);
  const { API_ENV, API_NODE_ARGS } = require('./api-process');
  const { API_MAIN } = require('./build-if-stale');
  const args = apiOnly ? [...API_NODE_ARGS, API_MAIN] : [path.join(__dirname, 'start.js')];
  const server = spawn(process.execPath, args, {
    cwd: ROOT,
    env: apiOnly ? { ...API_ENV, ...env } : env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const exited = new Promise((resolve) => server.on('exit', resolve));
  return {
    server,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGTERM');
        const timer = setTimeout(() => server.kill('SIGKILL'), 25_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise((resolve) => log.end(resolve));
    },
  };
}

module.exports = { freePort, startServer, waitForReady };
