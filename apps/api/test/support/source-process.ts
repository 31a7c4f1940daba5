import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Runs one of the API's entry points (main.ts, admin.ts, database/migrate.main.ts) as a process of its
 * own, from source: the same code the build compiles, without building first.
 */
export function spawnSource(
  entry: string,
  args: string[],
  env: Record<string, string | undefined>,
): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, entry), ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an entry point to its end, writing `input` to its standard input. */
export function runSource(
  entry: string,
  args: string[],
  env: Record<string, string | undefined>,
  input = '',
): Promise<ProcessResult> {
  const child = spawnSource(entry, args, env);
  return collect(child, input);
}

export function collect(child: ChildProcess, input = ''): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.stdin!.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
