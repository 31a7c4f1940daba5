import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens: organisation tokens act as the organisation's service user, personal tokens as the
 * internal user who made them. Only the SHA-256 of the secret is stored.
 */
export class CreateApiTokens1765200000000 implements MigrationInterface {
  name = 'CreateApiTokens1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "api_token" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" varchar NOT NULL CHECK ("kind" IN ('organization', 'personal')),
        "org_id" uuid NOT NULL REFERENCES "organization"("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
        "created_by" uuid REFERENCES "user"("id") ON DELETE SET NULL,
        "name" varchar(100) NOT NULL,
        "scopes" text[] NOT NULL,
        "secret_hash" bytea NOT NULL UNIQUE,
        "prefix" varchar(16) NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "last_used_at" timestamptz,
        "last_used_ip" varchar(64),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "api_token_org_idx" ON "api_token" ("org_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "api_token_user_idx" ON "api_token" ("user_id", "created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_token"`);
  }
}
