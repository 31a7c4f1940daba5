export { SessionsModule, jwtOptions } from './sessions.module';
export { ACCESS_TOKEN_TTL_SECONDS, TokenService, hashToken, type IssuedRefreshToken } from './token.service';
