import { MigrationInterface, QueryRunner } from 'typeorm';

/** The storage quota sums an organisation's revisions before every upload start (files/upload-quota.ts). */
export class AddFileRevisionUploaderOrgIndex1764851400000 implements MigrationInterface {
  name = 'AddFileRevisionUploaderOrgIndex1764851400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "file_revision_uploader_org_idx" ON "file_revision" ("uploader_org_id", "state")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "file_revision_uploader_org_idx"`);
  }
}
