import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSharedItems1764200100000 implements MigrationInterface {
  name = 'CreateSharedItems1764200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "shared_item" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE RESTRICT,
        "source_type" varchar(16) NOT NULL CHECK ("source_type" IN ('jira_issue', 'feishu_doc')),
        "source_ref" varchar(255) NOT NULL,
        "field_allowlist" text[] NOT NULL DEFAULT '{}',
        "redaction_rules" jsonb NOT NULL DEFAULT '[]',
        "latest_version" int NOT NULL DEFAULT 0,
        "latest_title" text,
        "latest_status" varchar(100),
        "last_published_at" timestamptz,
        "source_revision" varchar(100),
        "draft" jsonb,
        "draft_source_revision" varchar(100),
        "draft_updated_at" timestamptz,
        "flag" varchar(32) CHECK ("flag" IN ('source_deleted', 'out_of_scope', 'source_unavailable')),
        "flagged_at" timestamptz,
        "withdrawn_at" timestamptz,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // One live share per source item and workspace; a withdrawn item may be shared again as a new item.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "shared_item_source_uq" ON "shared_item" ("workspace_id", "source_type", "source_ref") WHERE "withdrawn_at" IS NULL`,
    );
    // The supplier list: newest published first, keyset-paginated on (last_published_at, id).
    await queryRunner.query(
      `CREATE INDEX "shared_item_published_idx" ON "shared_item" ("workspace_id", "last_published_at" DESC, "id" DESC) WHERE "withdrawn_at" IS NULL AND "latest_version" > 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "shared_item_source_idx" ON "shared_item" ("source_type", "source_ref")`,
    );
    await queryRunner.query(`
      CREATE TABLE "shared_item_version" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "item_id" uuid NOT NULL REFERENCES "shared_item"("id") ON DELETE RESTRICT,
        "version" int NOT NULL CHECK ("version" > 0),
        "snapshot" jsonb NOT NULL,
        "source_revision" varchar(100),
        "published_by" uuid,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        "note" text,
        CONSTRAINT "shared_item_version_uq" UNIQUE ("item_id", "version")
      )`);
    await queryRunner.query(`
      CREATE TABLE "acknowledgement" (
        "version_id" uuid NOT NULL REFERENCES "shared_item_version"("id") ON DELETE RESTRICT,
        "user_id" uuid NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("version_id", "user_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "shared_item_view" (
        "item_id" uuid NOT NULL REFERENCES "shared_item"("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL,
        "last_seen_version" int NOT NULL,
        "seen_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("item_id", "user_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "shared_item_view"`);
    await queryRunner.query(`DROP TABLE "acknowledgement"`);
    await queryRunner.query(`DROP TABLE "shared_item_version"`);
    await queryRunner.query(`DROP TABLE "shared_item"`);
  }
}
