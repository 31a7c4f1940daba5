'use strict';
/**
 * Builds the API and the portal when their output is missing or older than their sources, so
 * `npm start` on a fresh clone builds everything and a second start is immediate.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const API_MAIN = path.join(ROOT, 'dist', 'api', 'apps', 'api', 'src', 'main.js');
const PORTAL_INDEX = path.join(ROOT, 'dist', 'portal', 'browser', 'index.html');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.angular', '.data', 'coverage', 'test-results']);

const targets = [
  {
    name: 'API',
    output: API_MAIN,
    sources: [
      'apps/api/src',
      'libs',
      'migrations',
      'tsconfig.json',
      'apps/api/tsconfig.app.json',
      'nest-cli.json',
      'package-lock.json',
    ],
    command: [require.resolve('@nestjs/cli/bin/nest.js', { paths: [ROOT] }), 'build', 'api'],
  },
  {
    name: 'portal',
    output: PORTAL_INDEX,
    sources: ['apps/portal', 'angular.json', 'package-lock.json'],
    command: [
      require.resolve('@angular/cli/bin/ng.js', { paths: [ROOT] }),
      'build',
      '--project',
      'portal',
      '--configuration',
      'production',
    ],
  },
];

/** Newest modification time of any file below the given paths (0 when none exist). */
function newestMtime(relativePaths) {
  let newest = 0;
  const visit = (full) => {
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(full)) {
        if (!SKIPPED_DIRS.has(entry)) visit(path.join(full, entry));
      }
    } else if (stat.mtimeMs > newest) {
      newest = stat.mtimeMs;
    }
  };
  for (const relative of relativePaths) visit(path.join(ROOT, relative));
  return newest;
}

function isStale(target) {
  if (!existsSync(target.output)) return true;
  return newestMtime(target.sources) > statSync(target.output).mtimeMs;
}

/**
 * Builds each stale target (`only`: just the one named, e.g. 'API'); throws when a build fails so
 * nothing starts on half-built output.
 */
function ensureBuilt({ log = (line) => process.stdout.write(`${line}\n`), only } = {}) {
  for (const target of targets) {
    if (only && target.name !== only) continue;
    if (!isStale(target)) continue;
    log(`Building the ${target.name}…`);
    const started = Date.now();
    const result = spawnSync(process.execPath, target.command, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
    });
    if (result.status !== 0 || !existsSync(target.output)) {
      throw new Error(`Building the ${target.name} failed (exit ${result.status ?? result.signal}).`);
    }
    log(`Built the ${target.name} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}

module.exports = { ROOT, API_MAIN, PORTAL_INDEX, ensureBuilt };
