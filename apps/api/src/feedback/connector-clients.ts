import { Provider } from '@nestjs/common';
import { createJiraClient } from '@portico/connectors/jira/http-jira-client';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { createFeishuClient } from '@portico/connectors/feishu/lark-feishu-client';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { unconfiguredClient } from './unconfigured-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * The outbound clients of the flow-back handlers. No in-client retries: every call runs in a queue
 * job whose retries honour Retry-After and survive a restart, and an in-client retry of a create
 * would hide from the job that the first attempt may have landed.
 */
export const flowBackClientProviders: Provider[] = [
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
            maxRetries: 0,
          })
        : unconfiguredClient<JiraClient>('Jira'),
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
        : unconfiguredClient<FeishuClient>('Feishu'),
  },
];
