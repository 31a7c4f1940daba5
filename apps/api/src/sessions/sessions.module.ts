import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JWT_ALGORITHM } from '@portico/auth';
import { APP_CONFIG, type AppConfig } from '../config';
import { RefreshToken } from './entities/refresh-token.entity';
import { ACCESS_TOKEN_TTL_SECONDS, TokenService } from './token.service';

export const JWT_AUDIENCE = 'portico-api';

export function jwtOptions(config: AppConfig) {
  return { secret: config.jwtSecret, issuer: config.publicUrl, audience: JWT_AUDIENCE };
}

/** Access and refresh tokens; separate from AuthModule so the users module can end sessions. */
@Module({
  imports: [
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
  providers: [TokenService],
  exports: [TokenService],
})
export class SessionsModule {}
