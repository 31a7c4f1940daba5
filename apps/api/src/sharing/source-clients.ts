import { Provider } from '@nestjs/common';
import { createJiraClient } from '@portico/connectors/jira/http-jira-client';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { createFeishuClient } from '@portico/connectors/feishu/lark-feishu-client';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PolicyViolationError } from '../common/domain-errors';

/** Properties Nest and promises probe on every provider; they must read as absent. */
const PROBED = new Set([
  'then',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/** A client for a system that is not configured: every call explains what is missing. */
function unconfigured<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: (_target, property) =>
      typeof property === 'symbol' || PROBED.has(property)
        ? undefined
        : () => {
            throw new PolicyViolationError(`${what} is not configured on this server`);
          },
  });
}

/** The Jira and Feishu clients of the sharing module, configured from AppConfig. */
export const sourceClientProviders: Provider[] = [
  {
    provide: JIRA_CLIENT,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig): JiraClient =>
      config.raw.JIRA_BASE_URL
        ? createJiraClient({
            baseUrl: config.raw.JIRA_BASE_URL,
            email: config.raw.JIRA_EMAIL,
            apiToken: config.raw.JIRA_API_TOKEN,
            pat: config.raw.JIRA_PAT,
            // Refreshes run on the durable queue, which retries with its own backoff.
            maxRetries: 1,
          })
        : unconfigured<JiraClient>('Jira'),
  },
  {
    provide: FEISHU_CLIENT,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig): FeishuClient =>
      config.raw.FEISHU_BASE_URL && config.raw.FEISHU_APP_ID && config.raw.FEISHU_APP_SECRET
        ? createFeishuClient({
            baseUrl: config.raw.FEISHU_BASE_URL,
            appId: config.raw.FEISHU_APP_ID,
            appSecret: config.raw.FEISHU_APP_SECRET,
          })
        : unconfigured<FeishuClient>('Feishu'),
  },
];
