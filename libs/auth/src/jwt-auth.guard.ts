import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { AuthUser } from './auth-user';
import { ALLOW_WITHOUT_MFA, IS_PUBLIC } from './public.decorator';

/** Global guard (APP_GUARD): every route needs a valid access token unless marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (
      user?.mfaEnrollmentRequired &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_WITHOUT_MFA, targets)
    ) {
      throw new ForbiddenException(
        'Your organisation requires two-factor authentication: enrol first (POST /api/v1/me/mfa)',
      );
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // Passport reports every refused token (missing, malformed, expired, forged, revoked) as no user:
    // one answer for all of them, no oracle. An error is something else — the account could not be
    // checked (e.g. the database is down) — and is answered as what it is (503 for an outage).
    if (error) throw error;
    if (!user) throw new UnauthorizedException('Authentication required');
    return user;
  }
}
