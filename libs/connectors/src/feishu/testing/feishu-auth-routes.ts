import { createHash } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { DEFAULT_TENANT_KEY } from './feishu-seed';
import { fail, HttpFailure, parseJson, randomId, readBody, RouteRegistrar } from './feishu-simulator-http';
import type { FeishuSimulatorState } from './feishu-simulator-state';
import type { FeishuSimulatorOptions } from './feishu-simulator-types';

const OAUTH_CODE_TTL_MS = 5 * 60_000;

/** Throws Feishu's token errors unless the request carries a valid tenant access token. */
export function requireTenantToken(state: FeishuSimulatorState, req: IncomingMessage): void {
  const auth = req.headers.authorization;
  if (!auth)
    fail(99991661, 'Missing access token for authorization. Please make a request with token attached.', 400);
  const token = auth.replace(/^Bearer\s+/i, '');
  const expiresAt = state.tenantTokens.get(token);
  if (expiresAt === undefined || expiresAt <= Date.now()) {
    fail(99991663, 'Invalid access token for authorization. Please make a request with token attached.', 400);
  }
}

/** Tenant tokens, the OAuth sign-in (authorize page, code exchange, PKCE) and the signed-in user's profile. */
export function registerAuthRoutes(
  route: RouteRegistrar,
  options: FeishuSimulatorOptions,
  state: FeishuSimulatorState,
): void {
  const tokenTtlMs = (options.tokenTtlSeconds ?? 7200) * 1000;

  const issueTenantToken = (body: Record<string, unknown>) => {
    state.tokenRequestCount++;
    if (typeof body.app_id !== 'string' || typeof body.app_secret !== 'string') fail(10003, 'invalid param');
    if (body.app_id !== options.appId) fail(10003, 'invalid app_id');
    if (body.app_secret !== options.appSecret) fail(10014, 'app secret invalid');
    const now = Date.now();
    // Like Feishu: the same token while >= 30 min remain, a new one (old one still valid) after that.
    if (
      !state.currentTenantToken ||
      state.currentTenantToken.expiresAt - now < Math.min(30 * 60_000, tokenTtlMs / 2)
    ) {
      state.currentTenantToken = { token: randomId('t-g1044', 40), expiresAt: now + tokenTtlMs };
      state.tenantTokens.set(state.currentTenantToken.token, state.currentTenantToken.expiresAt);
    }
    return {
      code: 0,
      msg: 'ok',
      tenant_access_token: state.currentTenantToken.token,
      expire: Math.floor((state.currentTenantToken.expiresAt - now) / 1000),
    };
  };

  route(
    'auth.tenant_access_token',
    'POST',
    /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/,
    async (req) => issueTenantToken(parseJson(await readBody(req))),
  );

  route('oauth.authorize', 'GET', /^\/open-apis\/authen\/v1\/authorize$/, async (_req, url) => {
    const clientId = url.searchParams.get('client_id');
    const redirectUri = url.searchParams.get('redirect_uri');
    if (clientId !== options.appId) throw new HttpFailure(400, { code: 20029, msg: 'invalid client_id' });
    if (!redirectUri || !/^https?:\/\//.test(redirectUri))
      throw new HttpFailure(400, { code: 20029, msg: 'invalid redirect_uri' });
    if (options.redirectUris && !options.redirectUris.includes(redirectUri)) {
      throw new HttpFailure(400, { code: 20029, msg: 'redirect_uri is not registered for this app' });
    }
    const requested = url.searchParams.get('user');
    const user =
      state.users.find((u) => u.openId === requested || u.email === requested) ??
      state.users.find((u) => u.openId === state.oauthUser);
    if (!user) throw new HttpFailure(400, { code: 20029, msg: 'no user to sign in' });
    const code = randomId('', 32);
    state.oauthCodes.set(code, {
      openId: user.openId,
      redirectUri,
      expiresAt: Date.now() + OAUTH_CODE_TTL_MS,
      challenge: url.searchParams.get('code_challenge') ?? undefined,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const oauthState = url.searchParams.get('state');
    if (oauthState !== null) target.searchParams.set('state', oauthState);
    // The real page asks the user to approve; the simulator approves at once.
    return { redirect: target.toString() };
  });

  function oauthError(error: string, description: string, code = 20003): never {
    throw new HttpFailure(400, { code, error, error_description: description });
  }

  route('oauth.token', 'POST', /^\/open-apis\/authen\/v2\/oauth\/token$/, async (req) => {
    const body = parseJson(await readBody(req));
    if (body.client_id !== options.appId || body.client_secret !== options.appSecret) {
      oauthError('invalid_client', 'client authentication failed', 20002);
    }
    if (body.grant_type !== 'authorization_code')
      oauthError('unsupported_grant_type', 'only authorization_code', 20001);
    const code = String(body.code ?? '');
    const grant = state.oauthCodes.get(code);
    state.oauthCodes.delete(code);
    if (!grant || grant.expiresAt <= Date.now())
      oauthError('invalid_grant', 'the code is invalid, expired or used');
    if (body.redirect_uri !== undefined && body.redirect_uri !== grant.redirectUri) {
      oauthError('invalid_grant', 'redirect_uri does not match the authorization request');
    }
    if (grant.challenge) {
      const verifier = String(body.code_verifier ?? '');
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
        oauthError('invalid_grant', 'code_verifier does not match code_challenge');
      }
    }
    const accessToken = randomId('u-', 40);
    state.userTokens.set(accessToken, { openId: grant.openId, expiresAt: Date.now() + 7200_000 });
    return { code: 0, access_token: accessToken, expires_in: 7200, token_type: 'Bearer', scope: '' };
  });

  route('authen.user_info', 'GET', /^\/open-apis\/authen\/v1\/user_info$/, async (req) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const grant = state.userTokens.get(token);
    if (!grant || grant.expiresAt <= Date.now()) {
      fail(99991677, 'user access token expired or invalid', 400);
    }
    const user = state.users.find((u) => u.openId === grant.openId)!;
    return {
      code: 0,
      msg: 'success',
      data: {
        open_id: user.openId,
        union_id: user.unionId,
        tenant_key: DEFAULT_TENANT_KEY,
        name: user.name,
        en_name: user.enName,
        email: user.email,
        enterprise_email: user.email,
        avatar_url: '',
      },
    };
  });
}
