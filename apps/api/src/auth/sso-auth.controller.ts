import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@portico/auth';
import { APP_CONFIG } from '../config/config.module';
import { RateLimitPerClientIp } from '../rate-limits/rate-limit.interceptor';
import type { AppConfig } from '../config/app-config';
import type { RequestMeta } from '../audit/audit.service';
import { ClientMeta } from '../audit/request-meta.decorator';
import { SsoDiscoverDto, SsoDiscoveryDto } from '../organizations/dto/sso.dto';
import { AuthService } from './auth.service';
import { setRefreshCookie } from './refresh-cookie';
import {
  SSO_AUTHORIZATION_TTL_MS,
  SSO_COOKIE,
  SSO_COOKIE_PATH,
  SsoRefusal,
  SsoSignInService,
} from './sso-sign-in.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('auth')
@Public()
@RateLimitPerClientIp()
@ApiTooManyRequestsResponse({ description: 'Too many requests from this IP; see Retry-After' })
@Controller('v1/auth/sso')
export class SsoAuthController {
  constructor(
    private readonly sso: SsoSignInService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('discover')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Whether an address signs in with its company account (single sign-on). Never names the organisation; unknown domains get `{ sso: false }`',
  })
  @ApiOkResponse({ type: SsoDiscoveryDto })
  discover(@Body() dto: SsoDiscoverDto): Promise<SsoDiscoveryDto> {
    return this.sso.discover(dto.email);
  }

  @Get('start')
  @ApiOperation({
    summary: 'Start single sign-on: redirects to the identity provider of the address’s organisation',
  })
  @ApiQuery({ name: 'email', required: false, description: 'The address typed on the sign-in page' })
  @ApiQuery({ name: 'org', required: false, description: 'Or the organisation id' })
  @ApiFoundResponse({
    description:
      'Redirect to the identity provider, or to `/login?error=sso_unavailable|sso_idp_unreachable`',
  })
  async start(
    @Query('email') email: unknown,
    @Query('org') org: unknown,
    @Req() request: FastifyRequest,
    @ClientMeta() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const orgId = typeof org === 'string' && UUID.test(org) ? org : undefined;
    const address =
      typeof email === 'string' && email.length <= 320 && email.includes('@') ? email : undefined;
    try {
      const { url, browser } = await this.sso.begin(
        { orgId, email: orgId ? undefined : address },
        request.cookies?.[SSO_COOKIE],
        meta,
      );
      // Lax, not Strict: the cookie must come back on the top-level redirect from the IdP.
      void reply
        .setCookie(SSO_COOKIE, browser, {
          httpOnly: true,
          secure: this.secure,
          sameSite: 'lax',
          path: SSO_COOKIE_PATH,
          maxAge: SSO_AUTHORIZATION_TTL_MS / 1000,
        })
        .redirect(url, 302);
    } catch (error) {
      this.failed(error, reply);
    }
  }

  @Get('callback')
  @ApiOperation({
    summary:
      'The identity provider redirects here; on success the refresh cookie is set and the browser goes to the portal, which calls POST auth/refresh',
  })
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiFoundResponse({
    description:
      'Redirect to the portal (`/`), or to `/login?error=sso_<reason>` (state, idp_error, response_invalid, code_rejected, id_token_invalid, email_unverified, domain_not_allowed, wrong_organization, already_linked, not_invited, account_disabled, account_locked, unavailable, idp_unreachable)',
  })
  async callback(
    @Req() request: FastifyRequest,
    @ClientMeta() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const search = new URL(request.url, 'http://callback.invalid').searchParams;
    try {
      const user = await this.sso.complete(search, request.cookies?.[SSO_COOKIE], meta);
      const session = await this.auth.startSession(user);
      setRefreshCookie(reply, this.config, session.refresh.token, session.refresh.expiresAt);
      void reply.redirect(`${this.config.publicUrl}/`, 302);
    } catch (error) {
      this.failed(error, reply);
    }
  }

  private failed(error: unknown, reply: FastifyReply): void {
    if (!(error instanceof SsoRefusal)) throw error;
    void reply.redirect(`${this.config.publicUrl}/login?error=sso_${error.reason}`, 302);
  }

  private get secure(): boolean {
    return this.config.env === 'production' || this.config.publicUrl.startsWith('https://');
  }
}
