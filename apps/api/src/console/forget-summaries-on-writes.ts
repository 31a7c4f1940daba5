import type { FastifyInstance } from 'fastify';
import { ConsoleSummaryService } from './console-summary.service';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * After a user's successful write (publishing drafts, reviewing an upload, changing a workspace…) their
 * kept console counts are forgotten, so the console home they return to counts anew. One Map delete
 * per write, nothing on reads.
 */
export function forgetSummariesOnWrites(fastify: FastifyInstance, summaries: ConsoleSummaryService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const user = (request as { user?: { id?: string } }).user;
    if (user?.id && WRITES.has(request.method) && reply.statusCode < 400) summaries.forget(user.id);
    done();
  });
}
