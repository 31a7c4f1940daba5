import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Which @opentelemetry modules a fresh Node process holds after startTracing(env) and one trace
 * helper call each. Run outside jest: jest's module registry does not show what Node loaded.
 */
function loadedOtelModules(env: Record<string, string>): { modules: number; carrier: unknown; log: unknown } {
  const script = `
    const tracing = require('./apps/api/src/tracing/tracing');
    tracing.startTracing(${JSON.stringify({ ROLE: 'api', ...env })});
    const carrier = tracing.currentTraceCarrier();
    const log = tracing.traceLogFields();
    tracing.inJobSpan('q', {}, undefined, async () => undefined).then(async () => {
      const modules = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry')).length;
      await tracing.stopTracing();
      process.stdout.write(JSON.stringify({ modules, carrier: carrier ?? null, log }));
    });
  `;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    // The exporter reads the standard OTEL_* variables from the environment, as in production.
    env: { PATH: process.env.PATH, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('tracing switch', () => {
  it('loads no OpenTelemetry module and changes nothing when OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
    expect(loadedOtelModules({})).toEqual({ modules: 0, carrier: null, log: {} });
  }, 60_000);

  it('loads the SDK when the endpoint is set; an unreachable collector does not fail the shutdown', () => {
    expect(loadedOtelModules({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }).modules).toBeGreaterThan(
      0,
    );
  }, 60_000);
});
