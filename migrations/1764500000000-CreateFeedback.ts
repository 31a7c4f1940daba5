import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFeedback1764500000000 implements MigrationInterface {
  name = 'CreateFeedback1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // item_id and file_revision_id get foreign keys once shared_item and file_revision have landed.
    await queryRunner.query(`
      CREATE TABLE "defect" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE RESTRICT,
        "item_id" uuid,
        "file_revision_id" uuid,
        "title" varchar(255) NOT NULL,
        "description" text NOT NULL,
        "steps_to_reproduce" text,
        "severity" varchar(16) NOT NULL CHECK ("severity" IN ('critical', 'major', 'minor')),
        "attachment_revision_ids" uuid[] NOT NULL DEFAULT '{}',
        "reported_by" uuid NOT NULL REFERENCES "user"("id"),
        "reporter_org_id" uuid NOT NULL REFERENCES "organization"("id"),
        "jira_key" varchar(64),
        "jira_issue_id" varchar(32),
        "jira_create_attempted_at" timestamptz,
        "external_status" varchar(100),
        "supplier_status" varchar(100) NOT NULL DEFAULT 'Reported',
        "sync_state" varchar(16) NOT NULL DEFAULT 'pending' CHECK ("sync_state" IN ('pending', 'delivered', 'failed')),
        "sync_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "defect_workspace_created_idx" ON "defect" ("workspace_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "defect_jira_key_idx" ON "defect" ("jira_key") WHERE "jira_key" IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "defect_status_event" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "defect_id" uuid NOT NULL REFERENCES "defect"("id") ON DELETE CASCADE,
        "external_status" varchar(100),
        "supplier_status" varchar(100) NOT NULL,
        "source" varchar(16) NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "defect_status_event_defect_idx" ON "defect_status_event" ("defect_id", "at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "comment" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE RESTRICT,
        "item_id" uuid,
        "defect_id" uuid REFERENCES "defect"("id") ON DELETE CASCADE,
        "author_id" uuid NOT NULL REFERENCES "user"("id"),
        "author_org_id" uuid NOT NULL REFERENCES "organization"("id"),
        "body" text NOT NULL,
        "visibility" varchar(16) NOT NULL CHECK ("visibility" IN ('public', 'internal')),
        "external_id" varchar(64),
        "sync_state" varchar(16) NOT NULL CHECK ("sync_state" IN ('none', 'pending', 'delivered', 'failed')),
        "sync_error" text,
        "sync_attempted_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "comment_one_parent" CHECK (("item_id" IS NULL) <> ("defect_id" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "comment_item_idx" ON "comment" ("item_id", "created_at", "id") WHERE "item_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "comment_defect_idx" ON "comment" ("defect_id", "created_at", "id") WHERE "defect_id" IS NOT NULL`,
    );

    // External ids of outbound effects that are not a column of their subject (drawing attachments, Drive uploads).
    await queryRunner.query(`
      CREATE TABLE "flow_back_record" (
        "subject_type" varchar(32) NOT NULL,
        "subject_id" uuid NOT NULL,
        "target" varchar(100) NOT NULL,
        "external_id" varchar(200),
        "attempted_at" timestamptz NOT NULL DEFAULT now(),
        "delivered_at" timestamptz,
        PRIMARY KEY ("subject_type", "subject_id", "target")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "flow_back_record"`);
    await queryRunner.query(`DROP TABLE "comment"`);
    await queryRunner.query(`DROP TABLE "defect_status_event"`);
    await queryRunner.query(`DROP TABLE "defect"`);
  }
}
