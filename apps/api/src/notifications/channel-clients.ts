import { Provider } from '@nestjs/common';
import { DingTalkRobotError } from '@portico/connectors/dingtalk/dingtalk-errors';
import {
  createDingTalkRobot,
  DINGTALK_ROBOT_FACTORY,
  DingTalkRobotFactory,
} from '@portico/connectors/dingtalk/dingtalk-robot';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { DINGTALK_ROBOT_HOSTS, egressFetch, egressPolicy, EgressRefusedError } from '../common';
import { AppConfig, APP_CONFIG, feishuClientFromConfig } from '../config';
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
  {
    provide: DINGTALK_ROBOT_FACTORY,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig): DingTalkRobotFactory => dingTalkRobotsUnderEgressPolicy(config),
  },
];

/**
 * Robot webhooks are stored workspace settings: every send passes the egress policy again (it was
 * checked on save, but a name may resolve elsewhere now, or the row predates the check). A refused
 * destination fails the job for good.
 */
export function dingTalkRobotsUnderEgressPolicy(config: AppConfig): DingTalkRobotFactory {
  const policy = egressPolicy(config, { allowedHosts: DINGTALK_ROBOT_HOSTS });
  return {
    forWebhook: (options) =>
      createDingTalkRobot({
        ...options,
        fetch: (url, init) =>
          egressFetch(url, init, policy).catch((error: unknown) => {
            if (!(error instanceof EgressRefusedError)) throw error;
            throw new DingTalkRobotError('rejected', false, `DingTalk robot refused: ${error.message}`);
          }),
      }),
  };
}
