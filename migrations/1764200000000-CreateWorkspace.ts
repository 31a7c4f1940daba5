import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWorkspace1764200000000 implements MigrationInterface {
  name = 'CreateWorkspace1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // owner_id gets its foreign key to "user" in a later migration: the user table is not guaranteed to exist yet.
    await queryRunner.query(`
      CREATE TABLE "workspace" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "supplier_org_id" uuid NOT NULL REFERENCES "organization"("id") ON DELETE RESTRICT,
        "owner_id" uuid NOT NULL,
        "co_owner_ids" uuid[] NOT NULL DEFAULT '{}',
        "jira_project_key" varchar(32),
        "jira_scope_jql" text,
        "feishu_folder_token" varchar(128),
        "feishu_chat_id" varchar(128),
        "dingtalk_webhook" text,
        "dingtalk_secret" text,
        "default_fields" text[] NOT NULL DEFAULT '{}',
        "status_map" jsonb NOT NULL DEFAULT '{}',
        "redaction_rules" jsonb NOT NULL DEFAULT '[]',
        "auto_publish" boolean NOT NULL DEFAULT false,
        "notification_rules" jsonb NOT NULL DEFAULT '[]',
        "access_expires_at" timestamptz,
        "archived_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "workspace_supplier_org_idx" ON "workspace" ("supplier_org_id")`);
    await queryRunner.query(`CREATE INDEX "workspace_owner_idx" ON "workspace" ("owner_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "workspace"`);
  }
}
