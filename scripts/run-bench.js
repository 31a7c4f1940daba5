#!/usr/bin/env node
'use strict';
/**
 * `npm run bench [filter]` runs every bench/*.bench.{js,ts} as its own process, one after the other
 * (benchmarks sharing 2 cores would measure each other). Output is shown live and kept in
 * bench/results/<name>.txt; a bench may write structured results to $BENCH_RESULTS_DIR itself.
 */
const { spawn } = require('node:child_process');
const { createWriteStream, mkdirSync, readdirSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BENCH_DIR = path.join(ROOT, 'bench');
const RESULTS_DIR = path.join(BENCH_DIR, 'results');

function discover(filter) {
  return readdirSync(BENCH_DIR)
    .filter((name) => /\.bench\.(m?js|ts)$/.test(name))
    .filter((name) => !filter || name.includes(filter))
    .sort();
}

function run(file) {
  const name = file.replace(/\.bench\.(m?js|ts)$/, '');
  const args = file.endsWith('.ts')
    ? ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', path.join(BENCH_DIR, file)]
    : [path.join(BENCH_DIR, file)];
  const log = createWriteStream(path.join(RESULTS_DIR, `${name}.txt`));
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_RESULTS_DIR: RESULTS_DIR,
        TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        process.stdout.write(chunk);
        log.write(chunk);
      });
    }
    child.on('exit', (code, signal) => {
      log.end();
      resolve({
        name,
        ok: code === 0,
        detail: signal ?? `exit ${code}`,
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const files = discover(process.argv[2]);
  if (files.length === 0) {
    process.stdout.write('No bench/*.bench.{js,ts} files to run.\n');
    return;
  }
  const results = [];
  for (const file of files) {
    process.stdout.write(`\n=== ${file}\n`);
    results.push(await run(file));
  }
  process.stdout.write('\nBenchmark          result   time\n');
  for (const r of results) {
    process.stdout.write(
      `${r.name.padEnd(18)} ${(r.ok ? 'ok' : r.detail).padEnd(8)} ${r.seconds.toFixed(1)} s\n`,
    );
  }
  process.stdout.write(`Output kept in ${path.relative(ROOT, RESULTS_DIR)}/\n`);
  if (results.some((r) => !r.ok)) process.exit(1);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
