import { Provider } from '@nestjs/common';
import {
  DINGTALK_ROBOT_FACTORY,
  httpDingTalkRobotFactory,
} from '@portico/connectors/dingtalk/dingtalk-robot';
import { createFeishuClient } from '@portico/connectors/feishu/lark-feishu-client';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { unconfiguredClient } from '../feedback/unconfigured-client';

/** Clients of the group channels; only used by queue handlers, whose retries replace in-client ones. */
export const channelClientProviders: Provider[] = [
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
  { provide: DINGTALK_ROBOT_FACTORY, useValue: httpDingTalkRobotFactory },
];
