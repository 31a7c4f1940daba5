import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rejected revision whose object could not be deleted at the time (storage unreachable) is marked,
 * and the abandoned-upload cleanup deletes the object later.
 */
export class RevisionObjectDeletePending1765460000000 implements MigrationInterface {
  name = 'RevisionObjectDeletePending1765460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "file_revision" ADD "object_delete_pending" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `CREATE INDEX "file_revision_object_delete_pending_idx" ON "file_revision" ("id") WHERE "object_delete_pending"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "file_revision_object_delete_pending_idx"`);
    await queryRunner.query(`ALTER TABLE "file_revision" DROP COLUMN "object_delete_pending"`);
  }
}
