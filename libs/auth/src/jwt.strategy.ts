import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from './auth-user';

export const JWT_ALGORITHM = 'HS256' as const;
export const AUTH_JWT_OPTIONS = Symbol('AUTH_JWT_OPTIONS');
export const AUTH_USER_RESOLVER = Symbol('AUTH_USER_RESOLVER');

export interface AuthJwtOptions {
  secret: string;
  issuer: string;
  audience: string;
}

/** Claims of a Portico access token. */
export interface AccessTokenClaims {
  sub: string;
  /** The user's session version when the token was issued; a bump ends every session. */
  ver: number;
  iss: string;
  aud: string | string[];
  exp: number;
  iat: number;
}

/**
 * Turns a verified token into the current caller, or null when the account may no longer act
 * (disabled, organisation disabled, sessions revoked since the token was issued).
 */
export interface AuthUserResolver {
  resolve(userId: string, sessionVersion: number): Promise<AuthUser | null>;
}

/**
 * passport-jwt with the algorithm pinned and `exp`, `iss`, `aud` all required: jsonwebtoken
 * accepts a token without `exp` unless told otherwise (DESIGN.md §9), so that is checked here.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(AUTH_JWT_OPTIONS) options: AuthJwtOptions,
    @Inject(AUTH_USER_RESOLVER) private readonly resolver: AuthUserResolver,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject made once: given a string, jsonwebtoken builds one on every verify (~0.5 ms each).
      secretOrKey: createSecretKey(Buffer.from(options.secret)) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<AuthUser | false> {
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.ver !== 'number')
      return false;
    if (!claims.iss || !claims.aud) return false;
    return (await this.resolver.resolve(claims.sub, claims.ver)) ?? false;
  }
}
