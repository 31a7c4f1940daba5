import { Inject, Injectable } from '@nestjs/common';
import { DINGTALK_ROBOT_FACTORY, DingTalkRobotFactory } from '@portico/connectors/dingtalk/dingtalk-robot';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { MailService } from '../mail';
import { defineJob } from '../sync';
import { WorkspacesService } from '../workspaces';
import { dingtalkMarkdown, feishuCard } from './group-messages';
import { dingtalkOutcomes, feishuOutcomes, MentionPerson, MentionResolver } from './mentions';
import { RuleStatusStore } from './rule-status';

export const FEISHU_NOTICE_JOB = defineJob<GroupNotice>('notifications.feishu-chat');
export const DINGTALK_NOTICE_JOB = defineJob<GroupNotice>('notifications.dingtalk');
export const EMAIL_NOTICE_JOB = defineJob<EmailNotice>('notifications.email');

export interface GroupNotice {
  workspaceId: string;
  title: string;
  body: string;
  url: string;
  /** Stable per notice: Feishu drops a second message with the same uuid. */
  uuid: string;
  /** The language title and body are in (mention labels follow it). */
  locale?: string;
  /** Whom the rules that sent it @-mention in this channel, and those rules (for their status). */
  mentions?: MentionPerson[];
  ruleKeys?: string[];
}

export interface EmailNotice {
  to: string;
  subject: string;
  text: string;
}

/** Carries the remote side's wait (in ms) to the queue's retry policy, which reads seconds. */
function withRetryAfter(error: unknown): unknown {
  const ms = (error as { retryAfterMs?: unknown })?.retryAfterMs;
  if (typeof ms === 'number' && error instanceof Error)
    Object.assign(error, { retryAfterSeconds: Math.ceil(ms / 1000) });
  return error;
}

/**
 * Sends one rendered notice to one channel. Destinations (chat id, robot webhook + secret) are read
 * from the workspace at send time, so secrets never sit in job payloads and a changed target wins.
 */
@Injectable()
export class NotificationChannels {
  constructor(
    @Inject(FEISHU_CLIENT) private readonly feishu: FeishuClient,
    @Inject(DINGTALK_ROBOT_FACTORY) private readonly robots: DingTalkRobotFactory,
    private readonly mail: MailService,
    private readonly workspaces: WorkspacesService,
    private readonly mentions: MentionResolver,
    private readonly ruleStatus: RuleStatusStore,
  ) {}

  async feishuChat(notice: GroupNotice): Promise<void> {
    const workspace = await this.workspaces.getById(notice.workspaceId);
    if (!workspace.feishuChatId) return;
    const outcomes = feishuOutcomes(await this.mentions.withFeishuIds(notice.mentions ?? []));
    const card = feishuCard(notice, outcomes);
    await this.feishu
      .sendMessage({
        receiveId: workspace.feishuChatId,
        receiveIdType: 'chat_id',
        message: { type: 'interactive', card },
        uuid: notice.uuid,
      })
      .catch((error) => Promise.reject(withRetryAfter(error)));
    await this.ruleStatus.record(notice.workspaceId, 'feishu_chat', notice.ruleKeys ?? [], outcomes);
  }

  async dingtalk(notice: GroupNotice): Promise<void> {
    const workspace = await this.workspaces.getById(notice.workspaceId);
    if (!workspace.dingtalkWebhook) return;
    const robot = this.robots.forWebhook({
      webhookUrl: workspace.dingtalkWebhook,
      secret: workspace.dingtalkSecret ?? undefined,
    });
    const outcomes = dingtalkOutcomes(notice.mentions ?? []);
    await robot
      .sendMarkdown(dingtalkMarkdown(notice, outcomes))
      .catch((error) => Promise.reject(withRetryAfter(error)));
    await this.ruleStatus.record(notice.workspaceId, 'dingtalk', notice.ruleKeys ?? [], outcomes);
  }

  async email(notice: EmailNotice): Promise<void> {
    await this.mail.send({ to: notice.to, subject: notice.subject, text: notice.text });
  }
}
