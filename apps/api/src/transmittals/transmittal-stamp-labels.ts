import { Injectable } from '@nestjs/common';
import { AuthUser } from '@portico/auth';
import { DownloadPolicyService, type TransmittalDocument } from '../download-policy';
import { TransmittalsService } from './transmittals.service';

/**
 * Tells the download policy which transmittal number a watermark shows when a file revision or a shared
 * item's Jira attachment is downloaded with `?transmittal=<id>` (docs/file-safety.md): only a transmittal
 * the caller can see that lists exactly that revision, or that version of the item.
 */
@Injectable()
export class TransmittalStampLabels {
  constructor(
    private readonly transmittals: TransmittalsService,
    private readonly policy: DownloadPolicyService,
  ) {}

  register(): void {
    this.policy.useTransmittals((user, id, document) => this.numberFor(user, id, document));
  }

  async numberFor(user: AuthUser, id: string, document: TransmittalDocument): Promise<string | null> {
    const [listed, params] =
      'fileId' in document
        ? [
            `c."file_id" = :stampId AND c."revision_seq" = :stampAt`,
            { stampId: document.fileId, stampAt: document.seq },
          ]
        : [
            `c."item_id" = :stampId AND c."version" = :stampAt`,
            { stampId: document.itemId, stampAt: document.version },
          ];
    const row = await this.transmittals
      .visible(user)
      .andWhere('t.id = :stampTransmittalId', { stampTransmittalId: id })
      .andWhere(
        `EXISTS (SELECT 1 FROM "transmittal_content" c WHERE c."transmittal_id" = t.id AND ${listed})`,
        params,
      )
      .getOne();
    return row?.number ?? null;
  }
}
