import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddFileLinkedItemForeignKey1764300100000 implements MigrationInterface {
  name = 'AddFileLinkedItemForeignKey1764300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Items are withdrawn rather than deleted; should one go, the drawing stays and loses the link.
    await queryRunner.query(
      `ALTER TABLE "file" ADD CONSTRAINT "file_linked_item_fkey"
         FOREIGN KEY ("linked_item_id") REFERENCES "shared_item"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "file_linked_item_idx" ON "file" ("linked_item_id") WHERE "linked_item_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "file_linked_item_idx"`);
    await queryRunner.query(`ALTER TABLE "file" DROP CONSTRAINT "file_linked_item_fkey"`);
  }
}
