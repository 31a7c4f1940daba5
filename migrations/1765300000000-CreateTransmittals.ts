import { MigrationInterface, QueryRunner } from 'typeorm';

/** Transmittals: numbered packages of item versions and file revisions issued to a supplier, with receipts and responses. */
export class CreateTransmittals1765300000000 implements MigrationInterface {
  name = 'CreateTransmittals1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "transmittal_settings" (
        "workspace_id" uuid PRIMARY KEY REFERENCES "workspace"("id") ON DELETE CASCADE,
        "code" varchar(16),
        "purpose_labels" jsonb NOT NULL DEFAULT '{}',
        "review_codes" jsonb,
        "updated_by" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "transmittal_counter" (
        "workspace_id" uuid PRIMARY KEY REFERENCES "workspace"("id") ON DELETE CASCADE,
        "last_seq" int NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "transmittal" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
        "seq" int NOT NULL,
        "number" varchar(40) NOT NULL,
        "subject" varchar(300) NOT NULL,
        "purpose" varchar(32) NOT NULL,
        "message" text,
        "due_date" date,
        "status" varchar(16) NOT NULL DEFAULT 'draft',
        "supersedes_id" uuid REFERENCES "transmittal"("id"),
        "superseded_by_id" uuid REFERENCES "transmittal"("id"),
        "created_by" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "issued_at" timestamptz,
        "issued_by" uuid,
        "responded_at" timestamptz,
        "responded_by" uuid,
        "deleted_at" timestamptz,
        "due_soon_announced_at" timestamptz,
        UNIQUE ("workspace_id", "seq")
      )`);
    await queryRunner.query(
      `CREATE INDEX "transmittal_list" ON "transmittal" ("workspace_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "transmittal_open_due" ON "transmittal" ("due_date") WHERE "status" = 'issued'`,
    );
    await queryRunner.query(`
      CREATE TABLE "transmittal_content" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "transmittal_id" uuid NOT NULL REFERENCES "transmittal"("id") ON DELETE CASCADE,
        "position" int NOT NULL,
        "kind" varchar(16) NOT NULL,
        "item_id" uuid,
        "version" int,
        "file_id" uuid,
        "revision_seq" int,
        "revision_label" varchar(20),
        "file_name" varchar(400),
        "title" text NOT NULL,
        "jira_key" varchar(255),
        UNIQUE ("transmittal_id", "item_id", "version"),
        UNIQUE ("transmittal_id", "file_id", "revision_seq")
      )`);
    await queryRunner.query(`
      CREATE TABLE "transmittal_receipt" (
        "transmittal_id" uuid NOT NULL REFERENCES "transmittal"("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL,
        "opened_at" timestamptz,
        "acknowledged_at" timestamptz,
        PRIMARY KEY ("transmittal_id", "user_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "transmittal_content_receipt" (
        "content_id" uuid NOT NULL REFERENCES "transmittal_content"("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL,
        "action" varchar(16) NOT NULL,
        "transmittal_id" uuid NOT NULL REFERENCES "transmittal"("id") ON DELETE CASCADE,
        "first_at" timestamptz NOT NULL DEFAULT now(),
        "last_at" timestamptz NOT NULL DEFAULT now(),
        "count" int NOT NULL DEFAULT 1,
        PRIMARY KEY ("content_id", "user_id", "action")
      )`);
    await queryRunner.query(
      `CREATE INDEX "transmittal_content_receipt_transmittal" ON "transmittal_content_receipt" ("transmittal_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "transmittal_responder" (
        "transmittal_id" uuid NOT NULL REFERENCES "transmittal"("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL,
        "named_by" uuid NOT NULL,
        "named_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("transmittal_id", "user_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "transmittal_response" (
        "content_id" uuid PRIMARY KEY REFERENCES "transmittal_content"("id") ON DELETE CASCADE,
        "transmittal_id" uuid NOT NULL REFERENCES "transmittal"("id") ON DELETE CASCADE,
        "code" varchar(16) NOT NULL,
        "comment" text,
        "submitted_by" uuid NOT NULL,
        "submitted_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'transmittal_response',
      'transmittal_responder',
      'transmittal_content_receipt',
      'transmittal_receipt',
      'transmittal_content',
      'transmittal',
      'transmittal_counter',
      'transmittal_settings',
    ])
      await queryRunner.query(`DROP TABLE "${table}"`);
  }
}
