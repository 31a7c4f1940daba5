import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config';

export const REFRESH_COOKIE = 'portico_refresh';
/** The refresh token is only ever sent to the auth routes. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** `Secure` everywhere except plain-http development, where browsers would drop it. */
function cookieOptions(config: AppConfig) {
  const secure = config.env === 'production' || config.publicUrl.startsWith('https://');
  return { httpOnly: true, secure, sameSite: 'strict' as const, path: REFRESH_COOKIE_PATH };
}

export function setRefreshCookie(
  reply: FastifyReply,
  config: AppConfig,
  token: string,
  expiresAt: Date,
): void {
  void reply.setCookie(REFRESH_COOKIE, token, { ...cookieOptions(config), expires: expiresAt });
}

export function clearRefreshCookie(reply: FastifyReply, config: AppConfig): void {
  void reply.clearCookie(REFRESH_COOKIE, cookieOptions(config));
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}
