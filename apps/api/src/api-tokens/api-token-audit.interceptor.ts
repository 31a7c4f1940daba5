import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import type { AuthUser } from '@portico/auth';
import { AuditService } from '../audit';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every change made with an API token is audited with the token's name, on top of whatever event the
 * change itself records (which names the token's identity as actor). Recorded once the change succeeded.
 */
@Injectable()
export class ApiTokenAuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const user = request.user;
    if (!user?.apiToken || !MUTATING.has(request.method)) return next.handle();
    const token = user.apiToken;
    return next.handle().pipe(
      switchMap((body: unknown) =>
        from(
          this.audit
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
                status: context.switchToHttp().getResponse<FastifyReply>().statusCode,
              },
            })
            .then(() => body),
        ),
      ),
    );
  }
}
