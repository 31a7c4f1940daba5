import { ConfigError } from './config-error';
import type { AppEnv } from './env-schema';

export interface KingdeeConfig {
  baseUrl: string;
  acctId: string;
  username: string;
  lcid: number;
  orgNumber: string;
  /** Signature authorisation (the official SDKs' default) … */
  appId?: string;
  appSecret?: string;
  /** … or a ValidateUser password session. */
  password?: string;
  syncCron: string;
}

/** Kingdee needs its site, data centre and user, and one of the two ways to authenticate. */
export function kingdeeConfigOf(e: AppEnv): KingdeeConfig | undefined {
  if (!e.KINGDEE_BASE_URL) return undefined;
  const missing = (['KINGDEE_ACCT_ID', 'KINGDEE_USERNAME'] as const).find((name) => !e[name]);
  if (missing) throw new ConfigError(`Invalid configuration: ${missing} must be set with KINGDEE_BASE_URL`);
  const signed = Boolean(e.KINGDEE_APP_ID || e.KINGDEE_APP_SECRET);
  if (signed && !(e.KINGDEE_APP_ID && e.KINGDEE_APP_SECRET))
    throw new ConfigError('Invalid configuration: KINGDEE_APP_ID and KINGDEE_APP_SECRET go together');
  if (!signed && !e.KINGDEE_PASSWORD)
    throw new ConfigError(
      'Invalid configuration: KINGDEE_APP_ID + KINGDEE_APP_SECRET or KINGDEE_PASSWORD must be set with KINGDEE_BASE_URL',
    );
  return {
    baseUrl: e.KINGDEE_BASE_URL,
    acctId: e.KINGDEE_ACCT_ID!,
    username: e.KINGDEE_USERNAME!,
    lcid: e.KINGDEE_LCID,
    orgNumber: e.KINGDEE_ORG_NUMBER,
    appId: e.KINGDEE_APP_ID,
    appSecret: e.KINGDEE_APP_SECRET,
    password: signed ? undefined : e.KINGDEE_PASSWORD,
    syncCron: e.KINGDEE_SYNC_CRON,
  };
}
