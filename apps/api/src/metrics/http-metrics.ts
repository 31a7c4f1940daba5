import type { FastifyInstance } from 'fastify';
import { Histogram, Registry } from 'prom-client';

/**
 * `portico_http_request_duration_seconds{method,route,status_code}`: the route is the pattern
 * (`/api/v1/defects/:id`), never the raw URL, so ids and query strings cannot multiply the series;
 * requests that matched no route count under `unmatched`. Observed in onResponse, after the reply
 * was sent, so measuring adds nothing to the answer's latency.
 */
export function recordHttpDurations(fastify: FastifyInstance, registry: Registry): void {
  const durations = new Histogram({
    name: 'portico_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its response, by route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    durations.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
