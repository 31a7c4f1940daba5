import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Large uploads are verified in the background: a revision waits in `verifying` until its whole-file
 * SHA-256 and content checks pass. Part checksums declared at start are kept for the part URLs and
 * CompleteMultipartUpload.
 */
export class AddRevisionVerifying1765330000000 implements MigrationInterface {
  name = 'AddRevisionVerifying1765330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "file_revision"
        DROP CONSTRAINT "file_revision_state_check",
        ADD CONSTRAINT "file_revision_state_check"
          CHECK ("state" IN ('uploading', 'verifying', 'scanning', 'available', 'rejected', 'superseded')),
        ADD COLUMN "part_checksums" text[]`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "file_revision" SET "state" = 'rejected', "rejection_reason" = 'Not verified' WHERE "state" = 'verifying'`,
    );
    await queryRunner.query(`
      ALTER TABLE "file_revision"
        DROP CONSTRAINT "file_revision_state_check",
        ADD CONSTRAINT "file_revision_state_check"
          CHECK ("state" IN ('uploading', 'scanning', 'available', 'rejected', 'superseded')),
        DROP COLUMN "part_checksums"`);
  }
}
