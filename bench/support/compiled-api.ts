import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { typeormOptions } from '../../apps/api/src/database/typeorm-options';

const ROOT = resolve(__dirname, '..', '..');

/** The Node arguments and environment `npm start` runs the API with, so a bench measures that. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { API_ENV, API_NODE_ARGS } = require('../../scripts/api-process') as {
  API_ENV: Record<string, string>;
  API_NODE_ARGS: string[];
};

/**
 * Compiles the API and the bench servers (bench/*.server.ts) to plain JavaScript as `npm run build:api`
 * does, source maps included. A server measured under ts-node would measure the tooling too: the
 * TypeScript compiler's heap (~100 MB that every full GC walks) and Node's `domain` module, which ts-node
 * loads through `repl` and which wraps every EventEmitter call. Type errors do not stop the emit.
 * Returns the folder to give tsconfig-paths as TS_NODE_BASEURL.
 */
export function compileApi(outDir: string): string {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'bench', 'tsconfig.json'), '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  if (!existsSync(join(outDir, 'apps/api/src/main.js')))
    throw new Error('Compiling the API produced no main.js');
  return outDir;
}

/** Runs the app's migrations on a fresh database, as the API does when it starts. */
export async function migrated(url: string): Promise<string> {
  const dataSource = new DataSource(typeormOptions(url, 1));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  return url;
}
