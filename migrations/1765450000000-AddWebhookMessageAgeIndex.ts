import { MigrationInterface, QueryRunner } from 'typeorm';

/** The delivery log's retention job finds old messages by age. */
export class AddWebhookMessageAgeIndex1765450000000 implements MigrationInterface {
  name = 'AddWebhookMessageAgeIndex1765450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "webhook_message_created_idx" ON "webhook_message" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "webhook_message_created_idx"`);
  }
}
