#!/usr/bin/env node
'use strict';
/**
 * `npm start`: builds what is stale, then runs the API (which serves the portal and starts the
 * embedded database, storage and simulators for whatever is not configured).
 *
 * The server runs in its own process group so that Ctrl-C reaches it exactly once, through this
 * launcher: a second SIGINT would cut its graceful shutdown short and leave embedded data unflushed.
 */
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const { API_ENV, API_NODE_ARGS } = require('./api-process');
const { API_MAIN, ROOT, ensureBuilt } = require('./build-if-stale');

const FORCE_KILL_AFTER_MS = 20_000;

function main() {
  try {
    ensureBuilt();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  const server = spawn(process.execPath, [...API_NODE_ARGS, API_MAIN], {
    cwd: ROOT,
    env: { ...API_ENV, ...process.env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const running = () => server.exitCode === null && server.signalCode === null;
  let stopping = false;

  const stop = (signal) => {
    if (stopping || !running()) return;
    stopping = true;
    server.kill(signal);
    setTimeout(() => {
      if (!running()) return;
      process.stderr.write(`Portico did not stop within ${FORCE_KILL_AFTER_MS / 1000} s; killing it.\n`);
      killGroup('SIGKILL');
    }, FORCE_KILL_AFTER_MS).unref();
  };
  const killGroup = (signal) => {
    try {
      process.kill(-server.pid, signal);
    } catch {
      // Already gone.
    }
  };

  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGTERM'));
  // Whatever ends this launcher must not leave the server behind.
  process.on('exit', () => {
    if (running()) killGroup('SIGKILL');
  });

  server.on('error', (error) => {
    process.stderr.write(`Could not start Portico: ${error.message}\n`);
    process.exit(1);
  });
  server.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (constants.signals[signal] ?? 1));
  });
}

main();
