import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '@portico/auth';
import { NotFoundError } from '../common';
import { AppConfig } from '../config';
import { APP_CONFIG } from '../config';
import { FeedbackLookupService, toCommentDto, toDefectDto } from '../feedback';
import { FeedbackService } from '../feedback';
import { toFileDto, toRevisionDto } from '../files';
import { FilesService } from '../files';
import type { NotificationEvent } from '../notification-events';
import { toSupplierItemDto, toVersionDto } from '../sharing';
import { SharingService } from '../sharing';
import type { WebhookEvent, WebhookPayloadData } from './webhook-events';

const FILE_PATH = /^\/files\/([0-9a-f-]{36})/i;

/**
 * The data of an event as the receiving organisation may read it: the subject is read through the
 * owning module's service as the organisation's service user (a supplier_member, the same rules as its
 * API tokens) and mapped by the same response mappers as the API. Null when the organisation may not
 * read the subject (an internal comment, an item of a workspace it does not see): nothing is sent.
 */
@Injectable()
export class WebhookPayloads {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sharing: SharingService,
    private readonly feedback: FeedbackService,
    private readonly feedbackLookups: FeedbackLookupService,
    private readonly files: FilesService,
  ) {}

  async build(reader: AuthUser, event: NotificationEvent): Promise<WebhookPayloadData | null> {
    if (event.audience === 'internal') return null;
    const base: WebhookPayloadData = {
      organizationId: reader.orgId,
      workspaceId: event.workspaceId,
      subject: event.subject,
      link: `${this.config.publicUrl}${event.path}`,
      ...(event.status ? { status: event.status } : {}),
    };
    try {
      const extra = await this.subjectOf(reader, event);
      return extra && { ...base, ...extra };
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  private async subjectOf(
    reader: AuthUser,
    event: NotificationEvent,
  ): Promise<Partial<WebhookPayloadData> | null> {
    const id = event.subject.id;
    switch (event.event as WebhookEvent) {
      case 'item.shared':
      case 'item.version_published': {
        const detail = await this.sharing.getItem(reader, id);
        // What a person has seen means nothing for an organisation's tool.
        const { lastSeenVersion: _seen, unseenChanges: _unseen, ...item } = toSupplierItemDto(detail.item, 0);
        if (!event.version) return { item: { ...item, snapshot: detail.snapshot } };
        // The version the event is about: newer ones may exist by the time the queue gets to it.
        const published = await this.sharing.readVersion(reader, id, event.version);
        const { acknowledged: _personal, ...version } = toVersionDto(published, false);
        return { item: { ...item, snapshot: detail.snapshot }, version };
      }
      case 'item.withdrawn':
        // The organisation can no longer read the item: its id and the workspace are all it gets.
        return {};
      case 'defect.status_changed': {
        const { defect, timeline } = await this.feedback.getDefect(reader, id);
        return {
          defect: toDefectDto(defect, timeline, await this.feedbackLookups.forDefect(reader, defect)),
        };
      }
      case 'comment.created': {
        const comment = await this.feedback.getComment(reader, id);
        // Replies only: the organisation's own comments are not news to it.
        if (comment.authorOrgId === reader.orgId) return null;
        return { comment: toCommentDto(comment, await this.feedbackLookups.forComments(reader, [comment])) };
      }
      case 'file.revision_reviewed': {
        const fileId = FILE_PATH.exec(event.path)?.[1];
        if (!fileId) return null;
        const { file, revisions } = await this.files.get(reader, fileId);
        const revision = revisions.find((r) => r.id === id);
        if (!revision) return null;
        return { file: toFileDto(file), revision: toRevisionDto(revision) };
      }
      default:
        // Events whose subject has no supplier mapper here yet (transmittals) carry ids and the link.
        return {};
    }
  }
}
