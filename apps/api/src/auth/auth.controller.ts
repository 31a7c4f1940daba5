import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@portico/auth';
import { APP_CONFIG, type AppConfig } from '../config';
import { RateLimitPerClientIp } from '../rate-limits';
import { type RequestMeta, ClientMeta } from '../audit';
import { InvitationsService } from '../organizations';
import { AuthService, SessionTokens } from './auth.service';
import {
  AcceptInvitationDto,
  CompletePasswordResetDto,
  RequestPasswordResetDto,
} from './dto/onboarding-input.dto';
import { PasswordResetService } from './password-reset.service';
import { LoginDto } from './dto/login-input.dto';
import { TokenResponseDto, toTokenResponseDto } from './dto/token-response.dto';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Public()
@RateLimitPerClientIp()
@ApiTooManyRequestsResponse({ description: 'Too many requests from this IP; see Retry-After' })
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly invitations: InvitationsService,
    private readonly passwordResets: PasswordResetService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password (+ TOTP when enabled); sets the refresh cookie' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({
    description: 'Wrong credentials, disabled or unknown account (one generic answer)',
  })
  @ApiResponse({ status: 423, description: 'Locked after repeated failed sign-ins; try again later' })
  @ApiTooManyRequestsResponse({ description: 'Rate limit per IP; see Retry-After' })
  async login(
    @Body() dto: LoginDto,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto> {
    return this.respond(await this.auth.login(dto, meta), reply);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh cookie and get a new access token' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Missing, expired, revoked or replayed refresh token' })
  async refresh(
    @Req() request: FastifyRequest,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto> {
    return this.respond(await this.auth.refresh(refreshCookieOf(request), meta), reply);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of the refresh cookie' })
  @ApiNoContentResponse()
  async logout(
    @Req() request: FastifyRequest,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(refreshCookieOf(request), meta);
    clearRefreshCookie(reply, this.config);
  }

  @Post('invitations/:token/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation: set display name and password, and sign in' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown, used, superseded or expired invitation' })
  @ApiUnprocessableEntityResponse({ description: 'Password too short or too common' })
  async acceptInvitation(
    @Param('token') token: string,
    @Body() dto: AcceptInvitationDto,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto> {
    const user = await this.invitations.accept(token, dto.displayName, dto.password, meta);
    return this.respond(await this.auth.startSession(user), reply);
  }

  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a one-hour reset link; the answer is the same whether the email is known or not',
  })
  @ApiAcceptedResponse()
  async requestPasswordReset(
    @Body() dto: RequestPasswordResetDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<{ status: string }> {
    await this.passwordResets.request(dto.email, meta);
    return { status: 'If the address belongs to an active account, a reset link is on its way.' };
  }

  @Post('password-reset/:token')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a reset link; ends every session' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Unknown, used or expired link' })
  @ApiUnprocessableEntityResponse({ description: 'Password too short or too common' })
  async completePasswordReset(
    @Param('token') token: string,
    @Body() dto: CompletePasswordResetDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.passwordResets.complete(token, dto.password, meta);
  }

  private respond(session: SessionTokens, reply: FastifyReply): TokenResponseDto {
    setRefreshCookie(reply, this.config, session.refresh.token, session.refresh.expiresAt);
    return toTokenResponseDto(session);
  }
}
