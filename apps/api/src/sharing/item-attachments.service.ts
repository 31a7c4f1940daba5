import { BadGatewayException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { JIRA_CLIENT, JiraAttachmentContent, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { JiraError, JiraNotFoundError } from '@portico/connectors/jira/jira-errors';
import { DataSource } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import { BadInputError, NotFoundError } from '../common';
import { DownloadPolicyService } from '../download-policy';
import { SharedItemVersion } from './entities/shared-item-version.entity';
import { watermarkedAttachment } from './item-attachment-watermark';
import { SharedAttachment } from './projection/snapshot';
import { SharingService } from './sharing.service';

/** Jira attachment ids are numbers; nothing else can be in a snapshot. */
const ATTACHMENT_ID = /^[0-9]{1,18}$/;

export interface AttachmentDownload {
  attachment: SharedAttachment;
  content: JiraAttachmentContent;
}

/**
 * Jira attachments of shared items, served through Portico: a supplier never gets a Jira URL, and only
 * attachments of the item's latest published version can be fetched — what was not allowlisted, or is
 * no longer published, does not exist for them.
 */
@Injectable()
export class ItemAttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sharing: SharingService,
    private readonly audit: AuditService,
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    private readonly downloadPolicy: DownloadPolicyService,
  ) {}

  /**
   * Starts the download of one attachment of the item's latest published version (audited).
   * `transmittalId`: handed out as part of that transmittal (it must list this version), whose number a
   * watermark shows.
   */
  async open(
    user: AuthUser,
    itemId: string,
    attachmentId: string,
    meta?: RequestMeta,
    transmittalId?: string,
  ): Promise<AttachmentDownload> {
    if (!ATTACHMENT_ID.test(attachmentId))
      throw new BadInputError('Invalid attachment id', [
        { field: 'attachmentId', message: 'must be the id of an attachment of the item' },
      ]);
    // Readable item (CASL rules in SQL; for suppliers live workspace, published, not withdrawn) or 404.
    const { item, workspace } = await this.sharing.getAccessible(user, itemId);
    const attachment = await this.publishedAttachment(item.id, item.latestVersion, attachmentId);
    if (!attachment) throw new NotFoundError('Attachment not found');
    const transmittal = transmittalId
      ? await this.downloadPolicy.transmittalNumber(user, transmittalId, {
          itemId: item.id,
          version: item.latestVersion,
        })
      : null;
    // Jira attachments are `attachments` in the workspace's download policy: refused before Jira is asked.
    const mode = await this.downloadPolicy.modeFor(user, workspace.id, 'attachments');
    this.downloadPolicy.assertDeliverable(attachment.filename, mode, 'attachments', attachment.size);
    let content: JiraAttachmentContent;
    try {
      content = await this.jira.downloadAttachment(attachment.id);
    } catch (error) {
      if (error instanceof JiraNotFoundError)
        throw new NotFoundError('The attachment is no longer available at the source');
      if (error instanceof JiraError)
        throw new BadGatewayException('Jira did not deliver the attachment; try again later');
      throw error;
    }
    let delivered = attachment;
    let stamp: Record<string, unknown> | undefined;
    if (mode === 'watermarked') {
      ({
        attachment: delivered,
        content,
        stamp,
      } = await watermarkedAttachment(this.downloadPolicy, user, item, attachment, content, transmittal));
    }
    try {
      await this.audit.record({
        action: 'item.attachment.downloaded',
        actor: user,
        orgId: workspace.supplierOrgId,
        workspaceId: workspace.id,
        resourceType: 'shared_item',
        resourceId: item.id,
        meta,
        details: {
          version: item.latestVersion,
          attachmentId: attachment.id,
          filename: attachment.filename,
          ...(transmittal ? { transmittal } : {}),
          ...stamp,
        },
      });
    } catch (error) {
      content.stream.destroy(); // no download without its audit record
      throw error;
    }
    return { attachment: delivered, content };
  }

  private async publishedAttachment(
    itemId: string,
    latestVersion: number,
    attachmentId: string,
  ): Promise<SharedAttachment | undefined> {
    if (latestVersion < 1) return undefined;
    const version = await this.dataSource
      .getRepository(SharedItemVersion)
      .findOneBy({ itemId, version: latestVersion });
    return version?.snapshot.fields
      .filter((field) => field.kind === 'attachments' && Array.isArray(field.value))
      .flatMap((field) => field.value as SharedAttachment[])
      .find((attachment) => attachment.id === attachmentId);
  }
}
