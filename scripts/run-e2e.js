#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e [filter]`: builds what is stale, starts Portico exactly as `npm start` does on a
 * fresh data folder and a free port, then drives Debian Chromium through every e2e/*.e2e.mjs file.
 * Screenshots and the server log go to test-results/. The server is always stopped.
 */
const { mkdirSync, mkdtempSync, readdirSync, rmSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { ROOT, ensureBuilt } = require('./build-if-stale');
const { freePort, startServer, waitForReady } = require('./app-under-test');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const RESULTS_DIR = path.join(ROOT, 'test-results');
const TEST_TIMEOUT_MS = 120_000;
/**
 * The product's sync defaults (8 attempts, backoff from 5 s up to an hour) would keep a job that fails
 * against a down Jira retrying for hours; the browser tests need it dead-lettered within seconds.
 */
const SYNC_ENV = { SYNC_MAX_ATTEMPTS: '3', SYNC_RETRY_BASE_SECONDS: '1', SYNC_RETRY_MAX_SECONDS: '2' };

function discoverSuites(filter) {
  const dir = path.join(ROOT, 'e2e');
  return readdirSync(dir)
    .filter((name) => /\.e2e\.m?js$/.test(name))
    .filter((name) => !filter || name.includes(filter))
    .sort()
    .map((name) => path.join(dir, name));
}

function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runSuites(suites, baseUrl, dataDir) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  let passed = 0;
  let failed = 0;
  try {
    for (const file of suites) {
      const suiteName = path.basename(file).replace(/\.e2e\.m?js$/, '');
      const { default: tests } = await import(pathToFileURL(file).href);
      process.stdout.write(`\n${suiteName}\n`);
      for (const test of tests) {
        const context = await browser.newContext({
          baseURL: baseUrl,
          viewport: test.viewport ?? { width: 1280, height: 800 },
        });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const pageErrors = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        let step = 0;
        const shot = async (name) => {
          step += 1;
          const file = path.join(
            RESULTS_DIR,
            `${suiteName}--${slug(test.name)}--${String(step).padStart(2, '0')}-${slug(name)}.png`,
          );
          await page.screenshot({ path: file, fullPage: true });
          return file;
        };
        const started = Date.now();
        try {
          await withTimeout(
            test.run({ page, context, browser, baseUrl, dataDir, shot }),
            test.timeout ?? TEST_TIMEOUT_MS,
            test.name,
          );
          if (pageErrors.length) throw new Error(`uncaught error in the page: ${pageErrors.join(' | ')}`);
          passed += 1;
          process.stdout.write(`  ✓ ${test.name} (${Date.now() - started} ms)\n`);
          await shot('end').catch(() => undefined);
        } catch (error) {
          failed += 1;
          process.stdout.write(
            `  ✗ ${test.name}\n      ${String(error?.stack ?? error)
              .split('\n')
              .slice(0, 6)
              .join('\n      ')}\n`,
          );
          const file = await shot('failure').catch(() => undefined);
          if (file) process.stdout.write(`      screenshot: ${path.relative(ROOT, file)}\n`);
        } finally {
          await context.close().catch(() => undefined);
        }
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  return { passed, failed };
}

/** Starts Portico on a fresh data folder (with or without the demo), runs the suites, stops it. */
async function runGroup(suites, demoData) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(RESULTS_DIR, 'server.log');
  const env = { ...SYNC_ENV, DEMO_DATA: String(demoData) };
  const app = startServer({ port, dataDir, logFile, env });
  const stopOnSignal = async () => {
    await app.stop();
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    await waitForReady(baseUrl, app.server);
    if (demoData) await waitForDemo(logFile);
    process.stdout.write(
      `Portico is up at ${baseUrl} (data in ${dataDir}${demoData ? ', with demo data' : ''})\n`,
    );
    return await runSuites(suites, baseUrl, dataDir);
  } catch (error) {
    process.stdout.write(`\n${error.message}\n`);
    return { passed: 0, failed: 1 };
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The demo seeds after the server is up; its banner line says when it is done. */
async function waitForDemo(logFile, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = readFileSync(logFile, 'utf8');
    if (/Demo data (seeded|already present)/.test(log)) return;
    if (/Demo data could not be seeded/.test(log)) throw new Error('the demo data could not be seeded');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the demo data was not seeded within ${timeoutMs / 1000} s`);
}

async function main() {
  const filter = process.argv[2];
  mkdirSync(RESULTS_DIR, { recursive: true });
  const suites = discoverSuites(filter);
  if (suites.length === 0) throw new Error(`No e2e/*.e2e.mjs file${filter ? ` matches "${filter}"` : ''}.`);
  ensureBuilt();

  // Suites that export `demoData = true` run against a server that seeded the demo (DEMO_DATA); the
  // others keep the empty database they were written for. Each group gets a server of its own.
  const groups = new Map([
    [false, []],
    [true, []],
  ]);
  for (const file of suites) {
    const { demoData } = await import(pathToFileURL(file).href);
    groups.get(demoData === true).push(file);
  }
  const result = { passed: 0, failed: 0 };
  for (const [demoData, files] of groups) {
    if (!files.length) continue;
    const outcome = await runGroup(files, demoData);
    result.passed += outcome.passed;
    result.failed += outcome.failed;
  }
  if (result.failed > 0) {
    const log = readFileSync(path.join(RESULTS_DIR, 'server.log'), 'utf8')
      .trim()
      .split('\n')
      .slice(-15)
      .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
      .join('\n');
    process.stdout.write(`\nLast lines of test-results/server.log:\n${log}\n`);
  }
  process.stdout.write(`\n${result.passed} passed, ${result.failed} failed\n`);
  process.exit(result.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n\n0 passed, 1 failed\n`);
  process.exit(1);
});
