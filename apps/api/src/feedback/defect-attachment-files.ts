import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFECT_ATTACHMENTS, type DefectAttachments } from '../download-policy';
import { FilesModule, RevisionRefs } from '../files';

/** Answers the download policy's DefectAttachments question: this module owns defects. */
@Injectable()
export class DefectAttachmentFiles implements DefectAttachments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly revisions: RevisionRefs,
  ) {}

  async isDefectAttachment(fileId: string): Promise<boolean> {
    const revisionIds = await this.revisions.idsOfFile(fileId);
    if (!revisionIds.length) return false;
    const [row]: { attached: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM "defect" WHERE "attachment_revision_ids" && $1::uuid[]) AS "attached"`,
      [revisionIds],
    );
    return row?.attached === true;
  }
}

/** Global, so the download policy gets it without importing this module, which depends on it. */
@Global()
@Module({
  imports: [FilesModule],
  providers: [DefectAttachmentFiles, { provide: DEFECT_ATTACHMENTS, useExisting: DefectAttachmentFiles }],
  exports: [DEFECT_ATTACHMENTS],
})
export class DefectAttachmentFilesModule {}
