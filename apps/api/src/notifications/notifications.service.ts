import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AbilityFactory, accessibleWhere, AuthUser } from '@portico/auth';
import { Brackets, DataSource, IsNull, SelectQueryBuilder } from 'typeorm';
import { NotFoundError, decodeCursor, encodeCursor, Page, isUuid } from '../common';
import { AppConfig, APP_CONFIG } from '../config';
import { JobQueue, QueueJob } from '../sync';
import { ItemRefs } from '../sharing';
import { PeopleService, type Recipient } from '../users';
import { Workspace, WorkspacesService } from '../workspaces';
import { Notification } from './entities/notification.entity';
import {
  DINGTALK_NOTICE_JOB,
  EMAIL_NOTICE_JOB,
  EmailNotice,
  FEISHU_NOTICE_JOB,
  GroupNotice,
} from './notification-channels';
import { NotificationEvent } from '../notification-events';
import { MentionPerson, mentionLocale, MentionResolver } from './mentions';
import { channelsOf, matchingRules, ruleKey } from './notification-rules';
import { Readership, renderNotification } from './notification-templates';

/** The shared item a portal path points into (`/items/<id>`, `/items/<id>#comment-…`). */
const ITEM_PATH = /^\/items\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/#?]|$)/i;

/** Events raised by suppliers are for the internal side; everything else is news for the supplier. */
const SUPPLIER_RAISED = new Set([
  'defect.created',
  'file.revision_available',
  'comment.created',
  'delivery.confirmation_submitted',
  'transmittal.responded',
]);

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly abilities: AbilityFactory,
    private readonly workspaces: WorkspacesService,
    private readonly queue: JobQueue,
    private readonly mentions: MentionResolver,
    private readonly people: PeopleService,
    private readonly items: ItemRefs,
  ) {}

  /**
   * Fans one event out to the channels of the workspace's rules, exactly once per event job: the
   * dispatch marker, the in-app notices and the channel jobs are written in one transaction.
   */
  async dispatch(job: QueueJob<NotificationEvent>): Promise<void> {
    const event = job.data;
    const workspace = await this.workspaces.getById(event.workspaceId).catch(() => null);
    if (!workspace) return;
    const rules = matchingRules(workspace.notificationRules, event);
    const channels = channelsOf(rules);
    if (!channels.length) return;
    const url = `${this.config.publicUrl}${event.path}`;
    const internalSide =
      event.audience === 'internal' ||
      (SUPPLIER_RAISED.has(event.event) && (await this.actorIsSupplier(event.actorId)));
    const recipients = (await this.recipients(workspace, internalSide))
      .filter((r) => r.id !== event.actorId)
      .filter((r) => event.audience !== 'supplier_admins' || r.role === 'supplier_admin');
    const groupLocale =
      (await this.recipients(workspace, true)).find((r) => r.id === workspace.ownerId)?.locale ?? 'zh-CN';
    const mentioned = await this.mentions.resolve(workspace, rules, event);
    // Group chats are internal rooms: the internal rendering, in the language of the people mentioned
    // (when they share one) or else of the workspace owner.
    const groupNotice = (channel: 'feishu_chat' | 'dingtalk'): GroupNotice => {
      const channelRules = rules.filter((r) => r.channels.includes(channel));
      const keys = channelRules.map(ruleKey);
      const people: MentionPerson[] = mentioned.filter((p) => p.rules.some((k) => keys.includes(k)));
      const locale = mentionLocale(people, groupLocale);
      const group = renderNotification(event, locale, 'internal');
      return {
        workspaceId: workspace.id,
        title: group.title,
        body: group.body,
        url,
        uuid: job.id,
        locale,
        mentions: people,
        ruleKeys: keys,
      };
    };

    await this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(
        `INSERT INTO notification_dispatch (event_job_id, workspace_id, event, channels) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING event_job_id`,
        [job.id, workspace.id, event.event, channels],
      );
      if (!inserted.length) return;
      const ref = { type: event.subject.type, id: event.subject.id, workspaceId: workspace.id };
      const itemId = ITEM_PATH.exec(event.path)?.[1] ?? null;
      if (channels.includes('feishu_chat') && workspace.feishuChatId) {
        const data = groupNotice('feishu_chat');
        await this.queue.enqueue(manager, { name: FEISHU_NOTICE_JOB, data, ref });
      }
      if (channels.includes('dingtalk') && workspace.dingtalkWebhook) {
        const data = groupNotice('dingtalk');
        await this.queue.enqueue(manager, { name: DINGTALK_NOTICE_JOB, data, ref });
      }
      for (const recipient of recipients) {
        const readership: Readership = recipient.orgKind === 'internal' ? 'internal' : 'supplier';
        const notice = renderNotification(event, recipient.locale, readership);
        if (channels.includes('in_app')) {
          await manager.query(
            `INSERT INTO notification (user_id, workspace_id, item_id, event, title, body, link, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (user_id, dedupe_key) DO NOTHING`,
            [
              recipient.id,
              workspace.id,
              itemId,
              event.event,
              notice.title,
              notice.body,
              event.path,
              `job:${job.id}`,
            ],
          );
        }
        if (channels.includes('email') && recipient.email) {
          const mail: EmailNotice = {
            to: recipient.email,
            subject: `Portico: ${notice.title}`,
            text: `${notice.body}\n\n${url}\n`,
          };
          await this.queue.enqueue(manager, { name: EMAIL_NOTICE_JOB, data: mail, ref });
        }
      }
    });
    this.logger.debug?.(`${event.event} for workspace ${workspace.id} -> ${channels.join(', ')}`);
  }

  async list(
    user: AuthUser,
    options: { limit: number; cursor?: string; unreadOnly?: boolean },
  ): Promise<Page<Notification> & { unreadCount: number }> {
    const after = decodeCursor(options.cursor);
    const hidden = await this.withdrawnItems(user);
    const qb = this.visible(user, 'read', hidden)
      .orderBy('notification.created_at', 'DESC')
      .addOrderBy('notification.id', 'DESC')
      .limit(options.limit + 1);
    if (options.unreadOnly) qb.andWhere('notification.read_at IS NULL');
    if (after) qb.andWhere('(notification.created_at, notification.id) < (:at, :id)', after);
    const rows = await qb.getMany();
    const items = rows.slice(0, options.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > options.limit && last ? encodeCursor(last.createdAt, last.id) : null,
      unreadCount: await this.countUnread(user, hidden),
    };
  }

  async unreadCount(user: AuthUser): Promise<number> {
    return this.countUnread(user, await this.withdrawnItems(user));
  }

  private countUnread(user: AuthUser, hidden: string[]): Promise<number> {
    return this.visible(user, 'read', hidden).andWhere('notification.read_at IS NULL').getCount();
  }

  async markRead(user: AuthUser, id: string): Promise<Notification> {
    if (!isUuid(id)) throw new NotFoundError('Notification not found');
    const repo = this.dataSource.getRepository(Notification);
    const notification = await this.visible(user, 'update', await this.withdrawnItems(user))
      .andWhere('notification.id = :id', { id })
      .getOne();
    if (!notification) throw new NotFoundError('Notification not found');
    if (!notification.readAt) {
      notification.readAt = new Date();
      await repo.update({ id, readAt: IsNull() }, { readAt: notification.readAt });
    }
    return notification;
  }

  async markAllRead(user: AuthUser): Promise<number> {
    const result = await this.dataSource
      .getRepository(Notification)
      .update({ userId: user.id, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }

  /**
   * For suppliers, the withdrawn items of their organisation's workspaces, asked of the workspaces and
   * sharing modules (one query each per request); their notices are hidden. Nothing for internal users.
   */
  private async withdrawnItems(user: AuthUser): Promise<string[]> {
    if (user.orgKind !== 'supplier') return [];
    return this.items.withdrawnIn(await this.workspaces.idsOfSupplier(user.orgId));
  }

  /**
   * The caller's own notices that they may still see: none from a workspace they can no longer read
   * (for suppliers: archived or expired), and none about the `hidden` items (withdrawn, for suppliers).
   */
  private visible(
    user: AuthUser,
    action: 'read' | 'update',
    hidden: string[],
  ): SelectQueryBuilder<Notification> {
    const qb = this.dataSource
      .createQueryBuilder(Notification, 'notification')
      .leftJoin(Workspace, 'workspace', 'workspace.id = notification.workspace_id')
      .where(accessibleWhere(this.abilities.createForUser(user), action, 'Notification', 'notification'))
      .andWhere('notification.user_id = :userId', { userId: user.id })
      .andWhere(
        new Brackets((b) =>
          b
            .where('notification.workspace_id IS NULL')
            .orWhere(new Brackets((w) => this.workspaces.applyAccessFilter(w, 'workspace', user))),
        ),
      );
    if (hidden.length)
      qb.andWhere('(notification.item_id IS NULL OR NOT (notification.item_id = ANY(:hidden)))', { hidden });
    return qb;
  }

  private actorIsSupplier(actorId: string | null): Promise<boolean> {
    return actorId ? this.people.isSupplier(actorId) : Promise.resolve(false);
  }

  /** The workspace's owners (internal side) or the supplier organisation's active users. */
  private recipients(workspace: Workspace, internalSide: boolean): Promise<Recipient[]> {
    return internalSide
      ? this.people.activeRecipients([workspace.ownerId, ...(workspace.coOwnerIds ?? [])])
      : this.people.activeMembers(workspace.supplierOrgId);
  }
}
