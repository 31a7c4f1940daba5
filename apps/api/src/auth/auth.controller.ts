import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@portico/auth';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { RequestMeta } from '../audit/audit.service';
import { ClientMeta } from '../audit/request-meta.decorator';
import { AuthService, SessionTokens } from './auth.service';
import { LoginDto, TokenResponseDto } from './dto/login.dto';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Public()
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password (+ TOTP when enabled); sets the refresh cookie' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong credentials, locked, disabled or unknown account (one generic answer)' })
  @ApiTooManyRequestsResponse({ description: 'Rate limit per IP; see Retry-After' })
  async login(@Body() dto: LoginDto, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponseDto> {
    return this.respond(await this.auth.login(dto, meta), reply);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh cookie and get a new access token' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Missing, expired, revoked or replayed refresh token' })
  async refresh(@Req() request: FastifyRequest, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponseDto> {
    return this.respond(await this.auth.refresh(refreshCookieOf(request), meta), reply);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of the refresh cookie' })
  @ApiNoContentResponse()
  async logout(@Req() request: FastifyRequest, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(refreshCookieOf(request), meta);
    clearRefreshCookie(reply, this.config);
  }

  private respond(session: SessionTokens, reply: FastifyReply): TokenResponseDto {
    setRefreshCookie(reply, this.config, session.refresh.token, session.refresh.expiresAt);
    return { accessToken: session.accessToken, expiresIn: session.expiresIn, user: session.user };
  }
}
