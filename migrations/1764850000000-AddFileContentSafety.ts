import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Content safety of uploads: revisions may wait for the malware scanner (`scanning`), carry the
 * storage VersionId they were verified at, warnings for the PM and an active-content mark; each
 * workspace has a policy for PDFs with active content or embedded files.
 */
export class AddFileContentSafety1764850000000 implements MigrationInterface {
  name = 'AddFileContentSafety1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "file_revision" DROP CONSTRAINT "file_revision_state_check"`);
    await queryRunner.query(`
      ALTER TABLE "file_revision"
        ADD CONSTRAINT "file_revision_state_check"
          CHECK ("state" IN ('uploading', 'scanning', 'available', 'rejected', 'superseded')),
        ADD COLUMN "version_id" varchar(1024),
        ADD COLUMN "content_warnings" text[] NOT NULL DEFAULT '{}',
        ADD COLUMN "active_content" boolean NOT NULL DEFAULT false,
        ADD COLUMN "scan_attempts" integer NOT NULL DEFAULT 0,
        ADD COLUMN "scan_error" text`);
    // The scan retry pass looks only at revisions waiting for the scanner.
    await queryRunner.query(
      `CREATE INDEX "file_revision_scanning_idx" ON "file_revision" ("completed_at") WHERE "state" = 'scanning'`,
    );
    await queryRunner.query(`
      CREATE TABLE "file_safety_policy" (
        "workspace_id" uuid PRIMARY KEY REFERENCES "workspace"("id") ON DELETE CASCADE,
        "pdf_active_content" varchar NOT NULL DEFAULT 'refuse'
          CHECK ("pdf_active_content" IN ('refuse', 'mark')),
        "pdf_embedded_files" varchar NOT NULL DEFAULT 'warn'
          CHECK ("pdf_embedded_files" IN ('warn', 'refuse')),
        "updated_by" uuid REFERENCES "user"("id"),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "file_safety_policy"`);
    await queryRunner.query(`DROP INDEX "file_revision_scanning_idx"`);
    await queryRunner.query(
      `UPDATE "file_revision" SET "state" = 'rejected', "rejection_reason" = 'Not scanned' WHERE "state" = 'scanning'`,
    );
    await queryRunner.query(`
      ALTER TABLE "file_revision"
        DROP CONSTRAINT "file_revision_state_check",
        DROP COLUMN "version_id",
        DROP COLUMN "content_warnings",
        DROP COLUMN "active_content",
        DROP COLUMN "scan_attempts",
        DROP COLUMN "scan_error"`);
    await queryRunner.query(`
      ALTER TABLE "file_revision" ADD CONSTRAINT "file_revision_state_check"
        CHECK ("state" IN ('uploading', 'available', 'rejected', 'superseded'))`);
  }
}
