import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentityTables1764100000000 implements MigrationInterface {
  name = 'CreateIdentityTables1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "user" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "org_id" uuid NOT NULL REFERENCES "organization"("id"),
        "email" varchar(320) NOT NULL,
        "display_name" varchar(200) NOT NULL,
        "role" varchar NOT NULL CHECK ("role" IN ('admin', 'pm', 'supplier_admin', 'supplier_member')),
        "status" varchar NOT NULL DEFAULT 'invited' CHECK ("status" IN ('invited', 'active', 'disabled')),
        "password_hash" varchar,
        "totp_secret" varchar,
        "totp_enabled_at" timestamptz,
        "recovery_code_hashes" text[] NOT NULL DEFAULT '{}',
        "failed_logins" integer NOT NULL DEFAULT 0,
        "locked_until" timestamptz,
        "locale" varchar NOT NULL DEFAULT 'en' CHECK ("locale" IN ('en', 'zh-CN')),
        "feishu_open_id" varchar,
        "session_version" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // Case-insensitive uniqueness without the citext extension (not available in every PostgreSQL build).
    await queryRunner.query(`CREATE UNIQUE INDEX "user_email_ci_key" ON "user" (lower("email"))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "user_feishu_open_id_key" ON "user" ("feishu_open_id") WHERE "feishu_open_id" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "user_org_id_idx" ON "user" ("org_id")`);

    await queryRunner.query(`
      CREATE TABLE "refresh_token" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
        "family_id" uuid NOT NULL,
        "token_hash" varchar(64) NOT NULL UNIQUE,
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "replaced_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "refresh_token_family_idx" ON "refresh_token" ("family_id")`);
    await queryRunner.query(`CREATE INDEX "refresh_token_user_idx" ON "refresh_token" ("user_id")`);

    await queryRunner.query(`
      CREATE TABLE "audit_event" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "seq" bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" uuid,
        "actor_org_id" uuid,
        "org_id" uuid,
        "workspace_id" uuid,
        "action" varchar(100) NOT NULL,
        "resource_type" varchar(50),
        "resource_id" varchar(200),
        "ip" varchar(64),
        "user_agent" varchar(500),
        "details" jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX "audit_event_at_idx" ON "audit_event" ("at")`);
    await queryRunner.query(
      `CREATE INDEX "audit_event_workspace_idx" ON "audit_event" ("workspace_id") WHERE "workspace_id" IS NOT NULL`,
    );
    // Append-only: the table refuses UPDATE and DELETE whatever the application tries.
    await queryRunner.query(`
      CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_event_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_event"
      FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`DROP FUNCTION "audit_event_append_only"()`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP TABLE "user"`);
  }
}
