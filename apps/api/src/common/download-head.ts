import { MethodNotAllowedException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * Fastify answers HEAD with the GET handler of a route. For a download that handler is an audited act
 * (and fetches the file from the source, or signs a storage URL), so a link checker's HEAD would be
 * recorded as a download: refuse HEAD there instead (405, `Allow: GET`).
 */
export function refuseHead(reply: FastifyReply): void {
  if (reply.request.method !== 'HEAD') return;
  void reply.header('Allow', 'GET');
  throw new MethodNotAllowedException('A download is recorded; ask with GET');
}
