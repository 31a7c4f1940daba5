import * as oidc from 'openid-client';
import { EgressPolicy, egressFetch } from '../common/egress';

/** What Portico needs to talk to one organisation's OpenID provider. */
export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Runs discovery (`<issuer>/.well-known/openid-configuration`) and returns the client configuration.
 * Every call openid-client makes for it (discovery, token, JWKS) goes through the egress policy, and
 * ID token signatures are checked against the provider's JWKS (not only trusted because they came
 * over TLS). A fresh configuration is used per sign-in, so the JWKS is read again each time and a
 * provider that rotated its signing key is followed at once.
 */
export async function discoverIssuer(
  settings: OidcClientSettings,
  policy: EgressPolicy,
): Promise<oidc.Configuration> {
  const insecure = new URL(settings.issuer).protocol === 'http:';
  const config = await oidc.discovery(
    new URL(settings.issuer),
    settings.clientId,
    settings.clientSecret,
    oidc.ClientSecretBasic(settings.clientSecret),
    {
      // Plain http only where the egress policy allows it (never in production).
      execute: insecure && policy.allowHttp ? [oidc.allowInsecureRequests] : [],
      [oidc.customFetch]: viaEgress(policy),
      timeout: Math.ceil(policy.timeoutMs / 1000),
    },
  );
  oidc.enableNonRepudiationChecks(config);
  return config;
}

function viaEgress(policy: EgressPolicy): oidc.CustomFetch {
  return (url, options) =>
    egressFetch(
      url,
      {
        method: options.method,
        headers: options.headers,
        body: bodyText(options.body),
        signal: options.signal,
      },
      policy,
    );
}

function bodyText(body: oidc.CustomFetchOptions['body']): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new Error('unsupported request body');
}

/** A short, safe description of why discovery or a grant failed (for the 400 and the audit log). */
export function oidcFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${code ? `${code} ` : ''}${error.message}${detail}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}
