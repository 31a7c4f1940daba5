import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { defineJob, JobQueue, SyncModule } from '../sync';
import { SharingModule } from '../sharing';
import { UsersModule } from '../users';
import { WorkspacesModule } from '../workspaces';
import { MentionResolver } from './mentions';
import { RuleStatusStore } from './rule-status';
import { channelClientProviders } from './channel-clients';
import { Notification } from './entities/notification.entity';
import {
  DINGTALK_NOTICE_JOB,
  EMAIL_NOTICE_JOB,
  FEISHU_NOTICE_JOB,
  NotificationChannels,
} from './notification-channels';
import { NOTIFICATION_EVENT_NAMES, NotificationEvent } from '../notification-events';
import { NotificationRulesController } from './notification-rules.controller';
import { NotificationsController } from './notifications.controller';
import { RuleToolsService } from './rule-tools.service';
import { VersionReminders } from './version-reminders';
import { NotificationsService } from './notifications.service';

export const DISPATCH_QUEUE = defineJob<NotificationEvent>('notifications.dispatch');

/**
 * Trigger rules per workspace → Feishu group card, DingTalk robot, email, in-app (docs/architecture.md).
 * Other modules publish a NotificationEvent on the JobQueue inside their transaction; this module
 * subscribes to every event name.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Notification]),
    WorkspacesModule,
    SyncModule,
    UsersModule,
    SharingModule,
  ],
  controllers: [NotificationsController, NotificationRulesController],
  providers: [
    ...channelClientProviders,
    MentionResolver,
    RuleStatusStore,
    RuleToolsService,
    VersionReminders,
    NotificationChannels,
    NotificationsService,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly notifications: NotificationsService,
    private readonly channels: NotificationChannels,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(DISPATCH_QUEUE, (job) => this.notifications.dispatch(job), {
      target: 'internal',
    });
    for (const event of NOTIFICATION_EVENT_NAMES) await this.queue.subscribe(event, DISPATCH_QUEUE);
    await this.queue.register(FEISHU_NOTICE_JOB, (job) => this.channels.feishuChat(job.data), {
      target: 'feishu',
    });
    await this.queue.register(DINGTALK_NOTICE_JOB, (job) => this.channels.dingtalk(job.data), {
      target: 'dingtalk',
    });
    await this.queue.register(EMAIL_NOTICE_JOB, (job) => this.channels.email(job.data), {
      target: 'email',
    });
  }
}

export type { NotificationEvent };
