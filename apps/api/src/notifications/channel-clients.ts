import { Provider } from '@nestjs/common';
import {
  DINGTALK_ROBOT_FACTORY,
  httpDingTalkRobotFactory,
} from '@portico/connectors/dingtalk/dingtalk-robot';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { feishuClientFromConfig } from '../config/connector-clients';
import { PermanentJobError } from '../sync';

/**
 * Clients of the group channels; only used by queue handlers, whose retries replace in-client ones.
 * Without Feishu configured every send fails for good, so its job is dead-lettered with the reason.
 */
export const channelClientProviders: Provider[] = [
  {
    provide: FEISHU_CLIENT,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig): FeishuClient =>
      feishuClientFromConfig(config, (message) => new PermanentJobError(message)),
  },
  { provide: DINGTALK_ROBOT_FACTORY, useValue: httpDingTalkRobotFactory },
];
