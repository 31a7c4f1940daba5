import { Provider } from '@nestjs/common';
import { createFeishuClient } from '@portico/connectors/feishu/lark-feishu-client';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { createJiraClient } from '@portico/connectors/jira/http-jira-client';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { AppConfig } from './app-config';
import { APP_CONFIG } from './config.module';

/** Properties Nest and promises probe on every provider; they must read as absent. */
const PROBED = new Set([
  'then',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * A client for a system that is not configured: the app still starts, and every call throws the error
 * `failure` makes of a message naming what is missing.
 */
export function unconfiguredClient<T extends object>(what: string, failure: (message: string) => Error): T {
  return new Proxy({} as T, {
    get: (_target, property) =>
      typeof property === 'symbol' || PROBED.has(property)
        ? undefined
        : () => {
            throw failure(`${what} is not configured on this server`);
          },
  });
}

export interface ConnectorClientOptions {
  /** In-client retries of a Jira call, on top of whatever retries the caller does itself. */
  jiraRetries: number;
  /** What every call of a client whose system is not configured throws. */
  unconfigured: (message: string) => Error;
}

/** The Feishu client configured from AppConfig, or one that fails every call where it is not configured. */
export function feishuClientFromConfig(
  config: AppConfig,
  unconfigured: (message: string) => Error,
): FeishuClient {
  return config.raw.FEISHU_BASE_URL && config.raw.FEISHU_APP_ID && config.raw.FEISHU_APP_SECRET
    ? createFeishuClient({
        baseUrl: config.raw.FEISHU_BASE_URL,
        appId: config.raw.FEISHU_APP_ID,
        appSecret: config.raw.FEISHU_APP_SECRET,
      })
    : unconfiguredClient<FeishuClient>('Feishu', unconfigured);
}

/** Providers of the Jira and Feishu clients, configured from AppConfig, for a module that calls both. */
export function connectorClientProviders(options: ConnectorClientOptions): Provider[] {
  return [
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
              maxRetries: options.jiraRetries,
            })
          : unconfiguredClient<JiraClient>('Jira', options.unconfigured),
    },
    {
      provide: FEISHU_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): FeishuClient => feishuClientFromConfig(config, options.unconfigured),
    },
  ];
}
