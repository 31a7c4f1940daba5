import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Download policy per workspace and file category (original, watermarked, view-only for suppliers),
 * and the stamped copies made per (revision, user), which expire and are cleaned up.
 */
export class CreateDownloadPolicy1765340000000 implements MigrationInterface {
  name = 'CreateDownloadPolicy1765340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "file_download_policy" (
        "workspace_id" uuid PRIMARY KEY REFERENCES "workspace"("id") ON DELETE CASCADE,
        "drawings" varchar NOT NULL DEFAULT 'original'
          CHECK ("drawings" IN ('original', 'watermarked', 'view_only')),
        "attachments" varchar NOT NULL DEFAULT 'original'
          CHECK ("attachments" IN ('original', 'watermarked', 'view_only')),
        "updated_by" uuid REFERENCES "user"("id"),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "watermarked_copy" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "revision_id" uuid NOT NULL REFERENCES "file_revision"("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
        "object_key" varchar(512) NOT NULL UNIQUE,
        "size" bigint NOT NULL,
        "sha256" char(64) NOT NULL,
        "stamped_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        UNIQUE ("revision_id", "user_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "watermarked_copy_expires_idx" ON "watermarked_copy" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "watermarked_copy"`);
    await queryRunner.query(`DROP TABLE "file_download_policy"`);
  }
}
