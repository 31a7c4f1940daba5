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

/** Where a download comes from: a transmittal (whose number a watermark shows) listing the item at `version`. */
export interface AttachmentSource {
  transmittalId?: string;
  /** Default: the latest published version. */
  version?: number;
}

export interface AttachmentDownload {
  attachment: SharedAttachment;
  content: JiraAttachmentContent;
}

/**
 * Jira attachments of shared items, served through Portico: a supplier never gets a Jira URL, and only
 * attachments of the item's latest published version can be fetched — or of the version a transmittal
 * issued, through that transmittal; what was not allowlisted, or is no longer published, does not exist
 * for them.
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
   * Starts the download of one attachment of the item's latest published version, or of the version a
   * transmittal lists when handed out as part of it (audited).
   */
  async open(
    user: AuthUser,
    itemId: string,
    attachmentId: string,
    meta?: RequestMeta,
    source: AttachmentSource = {},
  ): Promise<AttachmentDownload> {
    if (!ATTACHMENT_ID.test(attachmentId))
      throw new BadInputError('Invalid attachment id', [
        { field: 'attachmentId', message: 'must be the id of an attachment of the item' },
      ]);
    // Readable item (CASL rules in SQL; for suppliers live workspace, published, not withdrawn) or 404.
    const { item, workspace } = await this.sharing.getAccessible(user, itemId);
    const version = source.version ?? item.latestVersion;
    const attachment = await this.publishedAttachment(item.id, version, item.latestVersion, attachmentId);
    if (!attachment) throw new NotFoundError('Attachment not found');
    if (version !== item.latestVersion && !source.transmittalId)
      throw new BadInputError('Earlier version', [
        {
          field: 'version',
          message:
            "is not the latest: an earlier version's attachments come only with a transmittal that lists it",
        },
      ]);
    // Jira attachment ids are immutable: an earlier version's attachment is still exactly what was issued.
    const transmittal = source.transmittalId
      ? await this.downloadPolicy.transmittalNumber(user, source.transmittalId, { itemId: item.id, version })
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
      } = await watermarkedAttachment(this.downloadPolicy, user, attachment, content, {
        version,
        transmittal,
      }));
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
          version,
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
    version: number,
    latestVersion: number,
    attachmentId: string,
  ): Promise<SharedAttachment | undefined> {
    if (version < 1 || version > latestVersion) return undefined;
    const published = await this.dataSource.getRepository(SharedItemVersion).findOneBy({ itemId, version });
    return published?.snapshot.fields
      .filter((field) => field.kind === 'attachments' && Array.isArray(field.value))
      .flatMap((field) => field.value as SharedAttachment[])
      .find((attachment) => attachment.id === attachmentId);
  }
}
