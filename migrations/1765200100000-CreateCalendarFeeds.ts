import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar feeds: a user's feed URL is derived from its `version` (rotation bumps it, so old URLs stop
 * working), and each item's last published due date with its iCalendar SEQUENCE.
 */
export class CreateCalendarFeeds1765200100000 implements MigrationInterface {
  name = 'CreateCalendarFeeds1765200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "calendar_feed" (
        "user_id" uuid PRIMARY KEY REFERENCES "user"("id") ON DELETE CASCADE,
        "version" int NOT NULL DEFAULT 1,
        "active" boolean NOT NULL DEFAULT true,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "calendar_event_sequence" (
        "item_id" uuid PRIMARY KEY,
        "due_date" date NOT NULL,
        "sequence" int NOT NULL DEFAULT 0
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_event_sequence"`);
    await queryRunner.query(`DROP TABLE "calendar_feed"`);
  }
}
