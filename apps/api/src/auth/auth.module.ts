import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AbilityGuard, AUTH_JWT_OPTIONS, AUTH_USER_RESOLVER, AuthJwtOptions, AuthzModule, JWT_ALGORITHM, JwtAuthGuard, JwtStrategy } from '@portico/auth';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { PasswordHasher } from './password-hasher';
import { ACCESS_TOKEN_TTL_SECONDS, TokenService } from './token.service';

export const JWT_AUDIENCE = 'portico-api';

function jwtOptions(config: AppConfig): AuthJwtOptions {
  return { secret: config.jwtSecret, issuer: config.publicUrl, audience: JWT_AUDIENCE };
}

/**
 * Sign-in, sessions and the global guards: every route needs a valid access token unless
 * `@Public()`, and `@CheckAbility(...)` is enforced everywhere.
 */
@Module({
  imports: [
    AuthzModule,
    PassportModule,
    UsersModule,
    TypeOrmModule.forFeature([RefreshToken]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const { secret, issuer, audience } = jwtOptions(config);
        return {
          secret,
          signOptions: { algorithm: JWT_ALGORITHM, issuer, audience, expiresIn: ACCESS_TOKEN_TTL_SECONDS },
          verifyOptions: { algorithms: [JWT_ALGORITHM], issuer, audience },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    PasswordHasher,
    JwtStrategy,
    { provide: AUTH_JWT_OPTIONS, inject: [APP_CONFIG], useFactory: jwtOptions },
    { provide: AUTH_USER_RESOLVER, useExisting: UsersService },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: AbilityGuard },
  ],
  exports: [AuthService, TokenService, PasswordHasher],
})
export class AuthModule {}
