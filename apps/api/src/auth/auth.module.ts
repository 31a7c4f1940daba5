import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AbilityGuard,
  AUTH_API_TOKEN_RESOLVER,
  AUTH_JWT_OPTIONS,
  AUTH_USER_RESOLVER,
  AuthzModule,
  JwtAuthGuard,
  JwtStrategy,
} from '@portico/auth';
import { APP_CONFIG, type AppConfig } from '../config';
import { createFeishuClient } from '@portico/connectors/feishu/lark-feishu-client';
import { ApiTokensModule, ApiTokensService } from '../api-tokens';
import { OrganizationsModule } from '../organizations';
import { RateLimitGuard, RateLimitsModule } from '../rate-limits';
import { UsersModule, UsersService } from '../users';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { FeishuAuthController } from './feishu-auth.controller';
import { FEISHU_SIGN_IN_CLIENT, FeishuSignInService } from './feishu-sign-in.service';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';
import { PasswordReset } from './entities/password-reset.entity';
import { SsoAuthorization, SsoIdentity } from './entities/sso.entity';
import { SsoAuthController } from './sso-auth.controller';
import { SsoSignInService } from './sso-sign-in.service';
import { PasswordResetService } from './password-reset.service';
import { jwtOptions, SessionsModule } from '../sessions';

/**
 * Sign-in, sessions, onboarding links and the global guards: every route needs a valid access
 * token unless `@Public()`, and `@CheckAbility(...)` is enforced everywhere.
 */
@Module({
  imports: [
    AuthzModule,
    PassportModule,
    SessionsModule,
    UsersModule,
    OrganizationsModule,
    ApiTokensModule,
    RateLimitsModule,
    TypeOrmModule.forFeature([PasswordReset, SsoAuthorization, SsoIdentity]),
  ],
  controllers: [AuthController, FeishuAuthController, SsoAuthController, MfaController],
  providers: [
    AuthService,
    MfaService,
    FeishuSignInService,
    SsoSignInService,
    {
      provide: FEISHU_SIGN_IN_CLIENT,
      inject: [APP_CONFIG],
      useFactory: ({ raw }: AppConfig) =>
        raw.FEISHU_BASE_URL && raw.FEISHU_APP_ID && raw.FEISHU_APP_SECRET
          ? createFeishuClient({
              baseUrl: raw.FEISHU_BASE_URL,
              appId: raw.FEISHU_APP_ID,
              appSecret: raw.FEISHU_APP_SECRET,
            })
          : null,
    },
    PasswordResetService,
    JwtStrategy,
    { provide: AUTH_JWT_OPTIONS, inject: [APP_CONFIG], useFactory: jwtOptions },
    { provide: AUTH_USER_RESOLVER, useExisting: UsersService },
    { provide: AUTH_API_TOKEN_RESOLVER, useExisting: ApiTokensService },
    // Global guards run in this order: who the caller is, what they may do, then how often (the rate
    // limits need the caller, and count only requests that passed the first two).
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: AbilityGuard },
    { provide: APP_GUARD, useExisting: RateLimitGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
