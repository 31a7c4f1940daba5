import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import type { AuthUser } from '@portico/auth';
import { BadInputError, ConflictError, PolicyViolationError } from '../common';
import { IdempotencyKeys } from './idempotency-keys';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Printable ASCII without spaces, as a UUID or any client-made token: 1–255 characters. */
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * Makes a creating POST safe to retry: a request with an `Idempotency-Key` header runs once per user
 * and key; a retry with the same body gets the stored answer (status and body, with
 * `Idempotent-Replayed: true`) and creates nothing. See docs/api.md "Idempotency".
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    // Described here rather than as responses, which would replace the route's own 400/409/422 texts.
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', maxLength: 255 },
      description:
        'Makes retries safe (1–255 printable ASCII characters, per user). The same key and body within ' +
        '24 h answer the first response again (header `Idempotent-Replayed: true`) and create nothing; ' +
        'the same key with another method, path or body → 422; while the first request with the key ' +
        'is still running → 409 with Retry-After; a malformed key → 400.',
    }),
  );

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyKeys) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    const user = request.user;
    if (header === undefined || !user) return next.handle();
    if (typeof header !== 'string' || !KEY_FORMAT.test(header))
      throw new BadInputError('Invalid Idempotency-Key', [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters without spaces' },
      ]);
    const key = header;
    const claim = await this.keys.claim(user.id, key, requestHash(request));
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    switch (claim.outcome) {
      case 'other-request':
        throw new PolicyViolationError('This Idempotency-Key was used with another request', [
          { field: 'Idempotency-Key', message: 'was already used with a different method, path or body' },
        ]);
      case 'in-flight':
        throw Object.assign(
          new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly'),
          { retryAfterSeconds: 1 },
        );
      case 'replay':
        void reply.status(claim.statusCode).header('Idempotent-Replayed', 'true');
        return of(claim.body);
    }
    return next.handle().pipe(
      // The status Nest answers with was set on the reply before the interceptors ran.
      mergeMap((body) =>
        from(this.keys.complete(user.id, key, reply.statusCode, body)).pipe(mergeMap(() => of(body))),
      ),
      catchError((error: unknown) =>
        defer(() => this.keys.release(user.id, key)).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }
}

/** What makes two requests "the same": method, path and body (key order in the body does not matter). */
function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url.split('?')[0]}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
