import { Inject, Injectable } from '@nestjs/common';
import { DINGTALK_ROBOT_FACTORY, DingTalkRobotFactory } from '@portico/connectors/dingtalk/dingtalk-robot';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { MailService } from '../mail/mail.service';
import { WorkspacesService } from '../workspaces/workspaces.service';

export const FEISHU_NOTICE_JOB = 'notifications.feishu-chat';
export const DINGTALK_NOTICE_JOB = 'notifications.dingtalk';
export const EMAIL_NOTICE_JOB = 'notifications.email';

export interface GroupNotice {
  workspaceId: string;
  title: string;
  body: string;
  url: string;
  /** Stable per notice: Feishu drops a second message with the same uuid. */
  uuid: string;
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
  ) {}

  async feishuChat(notice: GroupNotice): Promise<void> {
    const workspace = await this.workspaces.getById(notice.workspaceId);
    if (!workspace.feishuChatId) return;
    const card = {
      config: { wide_screen_mode: true },
      header: { template: 'blue', title: { tag: 'plain_text', content: notice.title } },
      elements: [
        { tag: 'div', text: { tag: 'plain_text', content: notice.body } },
        {
          tag: 'action',
          actions: [
            {
              tag: 'button',
              type: 'primary',
              text: { tag: 'plain_text', content: 'Portico' },
              url: notice.url,
            },
          ],
        },
      ],
    };
    await this.feishu
      .sendMessage({
        receiveId: workspace.feishuChatId,
        receiveIdType: 'chat_id',
        message: { type: 'interactive', card },
        uuid: notice.uuid,
      })
      .catch((error) => Promise.reject(withRetryAfter(error)));
  }

  async dingtalk(notice: GroupNotice): Promise<void> {
    const workspace = await this.workspaces.getById(notice.workspaceId);
    if (!workspace.dingtalkWebhook) return;
    const robot = this.robots.forWebhook({
      webhookUrl: workspace.dingtalkWebhook,
      secret: workspace.dingtalkSecret ?? undefined,
    });
    // Markdown is interpreted: user text goes in as plain lines without markup characters.
    const plain = (s: string) => s.replace(/[#*_`>[\]()!|~]/g, ' ').trim();
    await robot
      .sendMarkdown({
        title: `Portico: ${notice.title}`.slice(0, 100),
        text: `#### Portico: ${plain(notice.title)}\n\n${plain(notice.body)}\n\n[Portico](${notice.url})`,
      })
      .catch((error) => Promise.reject(withRetryAfter(error)));
  }

  async email(notice: EmailNotice): Promise<void> {
    await this.mail.send({ to: notice.to, subject: notice.subject, text: notice.text });
  }
}
