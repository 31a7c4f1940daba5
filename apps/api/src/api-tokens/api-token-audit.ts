import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthUser } from '@portico/auth';
import type { AuditService } from '../audit';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every change made with an API token is audited with the token's name, on top of whatever event the
 * change itself records (which names the token's identity as actor). Recorded once the change
 * succeeded (a status below 400) and before the answer leaves, so a client that got its answer finds
 * the event; when it cannot be recorded, the request is answered as that error.
 *
 * A Fastify onSend hook rather than a global Nest interceptor: one global interceptor puts every request
 * of every route, reads included, through Nest's RxJS interceptor chain, which the item list paid on
 * every request (docs/performance.md). Here a read costs one property check.
 */
export function auditApiTokenChanges(fastify: FastifyInstance, audit: AuditService): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const user = (request as FastifyRequest & { user?: AuthUser }).user;
    const token = user?.apiToken;
    if (!token || !MUTATING.has(request.method) || reply.statusCode >= 400) return done(null, payload);
    audit
      .record({
        action: 'api_token.used',
        actor: user,
        resourceType: 'ApiToken',
        resourceId: token.id,
        meta: { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        details: {
          tokenName: token.name,
          method: request.method,
          route: request.routeOptions.url,
          status: reply.statusCode,
        },
      })
      .then(
        () => done(null, payload),
        (error: Error) => done(error),
      );
  });
}
