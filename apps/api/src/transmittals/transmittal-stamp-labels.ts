import { Injectable } from '@nestjs/common';
import { AuthUser } from '@portico/auth';
import { DownloadPolicyService } from '../download-policy';
import { TransmittalsService } from './transmittals.service';

/**
 * Tells the download policy which transmittal number a watermark shows when a file revision is
 * downloaded with `?transmittal=<id>` (docs/file-safety.md): only a transmittal the caller can see
 * that lists exactly that revision.
 */
@Injectable()
export class TransmittalStampLabels {
  constructor(
    private readonly transmittals: TransmittalsService,
    private readonly policy: DownloadPolicyService,
  ) {}

  register(): void {
    this.policy.useTransmittals((user, id, revision) => this.numberFor(user, id, revision));
  }

  async numberFor(
    user: AuthUser,
    id: string,
    revision: { fileId: string; seq: number },
  ): Promise<string | null> {
    const row = await this.transmittals
      .visible(user)
      .andWhere('t.id = :stampTransmittalId', { stampTransmittalId: id })
      .andWhere(
        `EXISTS (SELECT 1 FROM "transmittal_content" c WHERE c."transmittal_id" = t.id
                   AND c."file_id" = :stampFileId AND c."revision_seq" = :stampSeq)`,
        { stampFileId: revision.fileId, stampSeq: revision.seq },
      )
      .getOne();
    return row?.number ?? null;
  }
}
