import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stamped copies are kept per (revision, user, mode, label): a copy handed out inside a transmittal
 * shows its number, and a view-only preview of a very large image is a scaled-down raster.
 * Copies made before have neither; they are left to expire and be cleaned up.
 */
export class WatermarkedCopyLabel1765420000000 implements MigrationInterface {
  name = 'WatermarkedCopyLabel1765420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "watermarked_copy"
        ADD COLUMN "mode" varchar(16) NOT NULL DEFAULT 'watermarked'
          CHECK ("mode" IN ('watermarked', 'view_only')),
        ADD COLUMN "label" varchar(200) NOT NULL DEFAULT '',
        DROP CONSTRAINT "watermarked_copy_revision_id_user_id_key",
        ADD CONSTRAINT "watermarked_copy_key" UNIQUE ("revision_id", "user_id", "mode", "label")`);
    await queryRunner.query(`ALTER TABLE "watermarked_copy" ALTER COLUMN "mode" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "watermarked_copy" ALTER COLUMN "label" DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // One copy per (revision, user) again; the others' objects stay under watermarked/ until removed by hand.
    await queryRunner.query(`DELETE FROM "watermarked_copy" WHERE "id" NOT IN (
      SELECT DISTINCT ON ("revision_id", "user_id") "id" FROM "watermarked_copy"
       ORDER BY "revision_id", "user_id", "expires_at" DESC)`);
    await queryRunner.query(`
      ALTER TABLE "watermarked_copy"
        DROP CONSTRAINT "watermarked_copy_key",
        DROP COLUMN "label",
        DROP COLUMN "mode",
        ADD CONSTRAINT "watermarked_copy_revision_id_user_id_key" UNIQUE ("revision_id", "user_id")`);
  }
}
