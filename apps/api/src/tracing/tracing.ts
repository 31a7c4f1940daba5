/**
 * OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set. When it is off nothing of
 * OpenTelemetry is loaded and every helper here is a plain call, so tracing costs nothing.
 *
 * `startTracing()` must run before `pg`, `http` or `undici` are first required (main.ts imports
 * ./register first): the instrumentations patch those modules as they load. The exporter reads the
 * standard OTEL_* variables (endpoint, headers, OTEL_SERVICE_NAME, OTEL_BSP_*).
 */
import type { Context, Span } from '@opentelemetry/api';
import type { AppEnv } from '../config';

type Api = typeof import('@opentelemetry/api');

let api: Api | undefined;
let shutdown: (() => Promise<void>) | undefined;

export function tracingEnabled(): boolean {
  return api !== undefined;
}

export function startTracing(
  env: Pick<AppEnv, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME' | 'ROLE'>,
): void {
  if (api || !env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const otel = require('@opentelemetry/api') as Api;
  const { NodeTracerProvider } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME ?? 'portico',
      'portico.role': env.ROLE,
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // W3C traceparent propagation and an AsyncLocalStorage context, so spans nest across awaits.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Incoming requests, and outgoing calls over node:http (S3 through the AWS SDK, Feishu through axios).
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(api\/health\/|metrics)/.test(request.url ?? ''),
        // Health checks and pg-boss's polling are not anyone's request: only calls inside a trace count.
        requireParentforOutgoingSpans: true,
      }),
      // fetch: Jira and DingTalk.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      // Queries made for a request or a job; the queue's own polling between jobs is left out.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  api = otel;
  shutdown = () => provider.shutdown();
}

/** Flushes and stops the exporter (graceful shutdown); an unreachable collector does not stop the exit. */
export async function stopTracing(): Promise<void> {
  await shutdown?.().catch(() => undefined);
}

/** The current trace as W3C headers (`traceparent`, `tracestate`), to carry in a job; undefined when off. */
export function currentTraceCarrier(): Record<string, string> | undefined {
  if (!api) return undefined;
  const carrier: Record<string, string> = {};
  api.propagation.inject(api.context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/**
 * Runs a job's handler in a span `job <queue>`, a child of the request that enqueued the job when the
 * job carries its trace; without tracing, just runs it.
 */
export function inJobSpan<T>(
  queue: string,
  attributes: Record<string, string | number>,
  carrier: Record<string, string> | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const otel = api;
  if (!otel) return run();
  const parent: Context = carrier ? otel.propagation.extract(otel.ROOT_CONTEXT, carrier) : otel.ROOT_CONTEXT;
  const tracer = otel.trace.getTracer('portico');
  return tracer.startActiveSpan(
    `job ${queue}`,
    { kind: otel.SpanKind.CONSUMER, attributes: { 'messaging.destination.name': queue, ...attributes } },
    parent,
    async (span: Span) => {
      try {
        return await run();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: otel.SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Names the current request's span after its route pattern (`POST /api/v1/workspaces/:id/defects`). */
export function nameRequestSpan(method: string, route: string | undefined): void {
  if (!api || !route) return;
  const span = api.trace.getActiveSpan();
  span?.updateName(`${method} ${route}`);
  span?.setAttribute('http.route', route);
}

/** `trace_id`/`span_id` of the active span for a log line (pino mixin); nothing when off or outside a trace. */
export function traceLogFields(): Record<string, string> {
  const span = api?.trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
