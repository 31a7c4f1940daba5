import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotification1764600000000 implements MigrationInterface {
  name = 'CreateNotification1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
        "workspace_id" uuid REFERENCES "workspace"("id") ON DELETE CASCADE,
        "event" varchar(100) NOT NULL,
        "title" varchar(300) NOT NULL,
        "body" text NOT NULL,
        "link" varchar(500),
        "dedupe_key" varchar(200) NOT NULL,
        "read_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "notification_dedupe_key" UNIQUE ("user_id", "dedupe_key")
      )`);
    await queryRunner.query(
      `CREATE INDEX "notification_user_created_idx" ON "notification" ("user_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_user_unread_idx" ON "notification" ("user_id") WHERE "read_at" IS NULL`,
    );
    // One row per event fanned out to channels: a re-run of the same event job sends nothing twice.
    await queryRunner.query(`
      CREATE TABLE "notification_dispatch" (
        "event_job_id" varchar(64) PRIMARY KEY,
        "workspace_id" uuid,
        "event" varchar(100) NOT NULL,
        "channels" text[] NOT NULL DEFAULT '{}',
        "dispatched_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_dispatch"`);
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
