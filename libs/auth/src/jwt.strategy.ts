import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from './auth-user';

export const JWT_ALGORITHM = 'HS256' as const;
export const AUTH_JWT_OPTIONS = Symbol('AUTH_JWT_OPTIONS');
export const AUTH_USER_RESOLVER = Symbol('AUTH_USER_RESOLVER');
export const AUTH_API_TOKEN_RESOLVER = Symbol('AUTH_API_TOKEN_RESOLVER');

/** Prefix of Portico API tokens; a bearer value starting with it is never treated as a JWT. */
export const API_TOKEN_PREFIX = 'ptk_';

/** Turns an API token (`ptk_…`) into the identity it acts as, or null (unknown, expired, revoked). */
export interface ApiTokenResolver {
  resolveApiToken(secret: string, ip: string | undefined): Promise<AuthUser | null>;
}

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

/** Verified tokens kept at most (a bound on memory; the cache starts over when full). */
const VERIFIED_TOKENS_MAX = 10_000;

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();
type HttpRequest = Parameters<Strategy['authenticate']>[0];

/**
 * passport-jwt with the algorithm pinned and `exp`, `iss`, `aud` all required: jsonwebtoken
 * accepts a token without `exp` unless told otherwise (docs/security.md), so that is checked here.
 *
 * A token whose signature and claims were verified once is remembered until it expires: a client
 * sends the same access token with every request for its 15 minutes, and checking it again cost
 * more than the rest of authentication. The account itself is still checked on every request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new Map<string, Partial<AccessTokenClaims>>();

  constructor(
    @Inject(AUTH_JWT_OPTIONS) options: AuthJwtOptions,
    @Inject(AUTH_USER_RESOLVER) private readonly resolver: AuthUserResolver,
    @Optional() @Inject(AUTH_API_TOKEN_RESOLVER) private readonly apiTokens?: ApiTokenResolver,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // A KeyObject made once: given a string, jsonwebtoken builds one on every verify (~0.5 ms each).
      secretOrKey: createSecretKey(Buffer.from(options.secret)) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  override authenticate(request: HttpRequest, options?: object): void {
    const token = bearerToken(request);
    if (token?.startsWith(API_TOKEN_PREFIX)) {
      if (!this.apiTokens) return this.fail(401);
      this.apiTokens.resolveApiToken(token, (request as { ip?: string }).ip).then(
        (user) => (user ? this.success(user) : this.fail(401)),
        (error: unknown) => this.error(error as Error),
      );
      return;
    }
    const claims = token ? this.verified.get(token) : undefined;
    // jsonwebtoken's own expiry rule: expired once the current whole second reaches `exp`.
    if (!claims || Math.floor(Date.now() / 1000) >= (claims.exp as number)) {
      super.authenticate(request, options);
      return;
    }
    this.resolve(claims).then(
      (user) => (user ? this.success(user) : this.fail(401)),
      (error: unknown) => this.error(error as Error),
    );
  }

  /** Called by passport-jwt after it verified the token's signature, algorithm, expiry, issuer and audience. */
  async validate(request: HttpRequest, claims: Partial<AccessTokenClaims>): Promise<AuthUser | false> {
    const user = await this.resolve(claims);
    const token = bearerToken(request);
    // A token with a not-before time is left to jsonwebtoken every time; Portico issues none.
    if (user && token && !('nbf' in claims)) {
      if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.clear();
      this.verified.set(token, claims);
    }
    return user;
  }

  private async resolve(claims: Partial<AccessTokenClaims>): Promise<AuthUser | false> {
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.ver !== 'number')
      return false;
    if (!claims.iss || !claims.aud) return false;
    return (await this.resolver.resolve(claims.sub, claims.ver)) ?? false;
  }
}
