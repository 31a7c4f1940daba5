import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '@portico/auth';
import { LimitExceededError } from '../common';
import { APP_CONFIG, type AppConfig } from '../config';
import { RateLimiter, RateLimitRule, RateLimitState } from './rate-limiter';

const PER_CLIENT_IP = 'portico:rate-limit-per-ip';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MINUTE = 60;

/**
 * Counts every request to this controller or route per client IP (AUTH_RATE_LIMIT_PER_MINUTE), for
 * routes used before there is a user: sign-in, refresh, invitations, password resets.
 */
export const RateLimitPerClientIp = () => SetMetadata(PER_CLIENT_IP, true);

/**
 * The rate limits of every route, applied after authentication and before validation (a global guard
 * that auth/auth.module.ts registers after the authentication and ability guards):
 * - routes marked `@RateLimitPerClientIp()`: per client IP and route;
 * - every POST/PUT/PATCH/DELETE of a signed-in user: per user and per organisation
 *   (RATE_LIMIT_USER_REQUESTS, RATE_LIMIT_ORG_REQUESTS per RATE_LIMIT_WINDOW_SECONDS).
 * Limited answers carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` of the most
 * restrictive counter; a refused one is 429 problem+json with `Retry-After`.
 *
 * A guard rather than an interceptor: one global interceptor puts every request of every route through
 * Nest's RxJS interceptor chain (Observables, AsyncResource bindings, more garbage), which the item list
 * paid on every request (docs/performance.md); a guard is one call, and a read awaits nothing here.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Synchronous for requests without a limit (reads): the item list's hot path pays no promise. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const rules = this.rulesFor(context, request);
    if (!rules.length) return true;
    return this.limit(context, rules);
  }

  private async limit(context: ExecutionContext, rules: RateLimitRule[]): Promise<boolean> {
    const [tightest] = await this.limiter.hit(rules);
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    void reply.headers({
      'RateLimit-Limit': tightest.rule.limit,
      'RateLimit-Remaining': tightest.remaining,
      'RateLimit-Reset': tightest.resetSeconds,
    });
    if (tightest.exceeded) throw refusal(tightest);
    return true;
  }

  private rulesFor(
    context: ExecutionContext,
    request: FastifyRequest & { user?: AuthUser },
  ): RateLimitRule[] {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PER_CLIENT_IP, targets)) {
      const route = `${context.getClass().name}.${context.getHandler().name}`;
      return [
        {
          key: `ip:${route}:${request.ip}`,
          limit: this.config.authRateLimitPerMinute,
          windowSeconds: MINUTE,
          name: 'AUTH_RATE_LIMIT_PER_MINUTE',
        },
      ];
    }
    const user = request.user;
    // An API token is counted on every request, reads included: integrations poll.
    const perToken: RateLimitRule[] = user?.apiToken
      ? [
          {
            key: `token:${user.apiToken.id}`,
            limit: this.config.apiTokenRequestsPerMinute,
            windowSeconds: MINUTE,
            name: 'API_TOKEN_RATE_LIMIT_PER_MINUTE',
          },
        ]
      : [];
    if (!user || !MUTATING.has(request.method)) return perToken;
    return [
      ...perToken,
      {
        key: `user:${user.id}`,
        limit: this.config.rateLimits.userRequests,
        windowSeconds: this.config.rateLimits.windowSeconds,
        name: 'RATE_LIMIT_USER_REQUESTS',
      },
      {
        key: `org:${user.orgId}`,
        limit: this.config.rateLimits.orgRequests,
        windowSeconds: this.config.rateLimits.windowSeconds,
        name: 'RATE_LIMIT_ORG_REQUESTS',
      },
    ];
  }
}

function refusal(state: RateLimitState): LimitExceededError {
  const who = state.rule.key.split(':')[0];
  const subject =
    who === 'ip'
      ? 'this client address'
      : who === 'org'
        ? 'your organisation'
        : who === 'token'
          ? 'this API token'
          : 'you';
  return new LimitExceededError(
    429,
    `Too many requests from ${subject}: at most ${state.rule.limit} per ${state.rule.windowSeconds} s. ` +
      `Try again in ${state.resetSeconds} s.`,
    { name: state.rule.name, value: state.rule.limit },
    state.resetSeconds,
  );
}
