import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared item a notice is about (a new version, a comment on it), so a supplier stops seeing the
 * notice once the item is withdrawn. Older notices get it from their portal link.
 */
export class AddNotificationItem1764840100000 implements MigrationInterface {
  name = 'AddNotificationItem1764840100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification" ADD "item_id" uuid REFERENCES "shared_item"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `UPDATE "notification" n SET "item_id" = i."id" FROM "shared_item" i
        WHERE n."link" LIKE '/items/%' AND substring(n."link" from 8 for 36) = i."id"::text`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_item_idx" ON "notification" ("item_id") WHERE "item_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "notification_item_idx"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "item_id"`);
  }
}
