import { Provider } from '@nestjs/common';
import { HttpKingdeeClient, KINGDEE_CLIENT, KingdeeClient } from '@portico/connectors/kingdee';
import { AppConfig, APP_CONFIG } from '../config';
import { ServiceUnavailableError } from '../common';

/** The Kingdee client, or null when KINGDEE_BASE_URL is unset (purchase orders are then off). */
export const kingdeeClientProvider: Provider = {
  provide: KINGDEE_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): KingdeeClient | null => {
    const k = config.kingdee;
    if (!k) return null;
    const common = { acctId: k.acctId, username: k.username, lcid: k.lcid };
    return new HttpKingdeeClient({
      baseUrl: k.baseUrl,
      // Writes go through the sync queue, which retries on its own.
      maxRetries: 2,
      auth:
        k.appId && k.appSecret
          ? { kind: 'signature', ...common, appId: k.appId, appSecret: k.appSecret, orgNumber: k.orgNumber }
          : { kind: 'password', ...common, password: k.password ?? '' },
    });
  },
};

export function requireKingdee(client: KingdeeClient | null): KingdeeClient {
  if (!client) throw new ServiceUnavailableError('Kingdee is not configured (KINGDEE_BASE_URL)');
  return client;
}
