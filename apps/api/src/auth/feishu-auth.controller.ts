import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@portico/auth';
import { NotFoundError } from '../common';
import { APP_CONFIG, type AppConfig } from '../config';
import { RateLimitPerClientIp } from '../rate-limits';
import { type RequestMeta, ClientMeta } from '../audit';
import { AuthService } from './auth.service';
import {
  FeishuSignInError,
  FeishuSignInService,
  OAUTH_COOKIE,
  OAUTH_COOKIE_PATH,
} from './feishu-sign-in.service';
import { setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Public()
@RateLimitPerClientIp()
@Controller('v1/auth/feishu')
export class FeishuAuthController {
  constructor(
    private readonly signIn: FeishuSignInService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('authorize')
  @ApiOperation({ summary: 'Start internal sign-in with Feishu: redirects to the Feishu authorize page' })
  @ApiFoundResponse({ description: 'Redirect to Feishu' })
  @ApiNotFoundResponse({ description: 'Feishu is not configured on this server' })
  authorize(@Res() reply: FastifyReply): void {
    if (!this.signIn.enabled) throw new NotFoundError('Feishu sign-in is not configured');
    const { url, cookie } = this.signIn.begin();
    // Lax, not Strict: the cookie must come back on the top-level redirect from Feishu.
    void reply
      .setCookie(OAUTH_COOKIE, cookie, {
        httpOnly: true,
        secure: this.secure,
        sameSite: 'lax',
        path: OAUTH_COOKIE_PATH,
        maxAge: 600,
      })
      .redirect(url, 302);
  }

  @Get('callback')
  @ApiOperation({
    summary:
      'Feishu redirects here; on success the refresh cookie is set and the browser goes to the portal, which calls POST auth/refresh',
  })
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiFoundResponse({
    description:
      'Redirect to the portal (`/`), or to `/login?error=feishu_state|feishu_no_account|feishu_failed`',
  })
  async callback(
    @Query('code') code: string | undefined,
    @Query('state') state: string | undefined,
    @Req() request: FastifyRequest,
    @ClientMeta() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!this.signIn.enabled) throw new NotFoundError('Feishu sign-in is not configured');
    void reply.clearCookie(OAUTH_COOKIE, { path: OAUTH_COOKIE_PATH });
    try {
      const user = await this.signIn.complete(
        asText(code),
        asText(state),
        request.cookies?.[OAUTH_COOKIE],
        meta,
      );
      const session = await this.auth.startSession(user);
      setRefreshCookie(reply, this.config, session.refresh.token, session.refresh.expiresAt);
      void reply.redirect(`${this.config.publicUrl}/`, 302);
    } catch (error) {
      if (!(error instanceof FeishuSignInError)) throw error;
      void reply.redirect(`${this.config.publicUrl}/login?error=${error.code}`, 302);
    }
  }

  private get secure(): boolean {
    return this.config.env === 'production' || this.config.publicUrl.startsWith('https://');
  }
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 2048 ? value : undefined;
}
