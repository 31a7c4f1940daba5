import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OpenID Connect sign-in per supplier organisation: the settings (client secret sealed), the email
 * domains each organisation claims (one organisation per domain, enforced by the primary key), the
 * pending authorisations (state, nonce, PKCE verifier; single-use, shared by every API process) and
 * the (issuer, subject) links to Portico users.
 */
export class CreateSingleSignOn1765310000000 implements MigrationInterface {
  name = 'CreateSingleSignOn1765310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "organization_sso" (
        "org_id" uuid PRIMARY KEY REFERENCES "organization"("id") ON DELETE CASCADE,
        "issuer" varchar(2048) NOT NULL,
        "client_id" varchar(512) NOT NULL,
        "client_secret" text NOT NULL,
        "email_domains" text[] NOT NULL DEFAULT '{}',
        "create_unknown_users" boolean NOT NULL DEFAULT false,
        "require_sso" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "organization_sso_domain" (
        "domain" varchar(253) PRIMARY KEY,
        "org_id" uuid NOT NULL REFERENCES "organization_sso"("org_id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "organization_sso_domain_org" ON "organization_sso_domain" ("org_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "sso_authorization" (
        "state_hash" varchar(64) PRIMARY KEY,
        "org_id" uuid NOT NULL REFERENCES "organization"("id") ON DELETE CASCADE,
        "browser_hash" varchar(64) NOT NULL,
        "nonce" varchar(128) NOT NULL,
        "code_verifier" varchar(128) NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "sso_authorization_expires" ON "sso_authorization" ("expires_at")`);
    await queryRunner.query(`
      CREATE TABLE "sso_identity" (
        "issuer" varchar(2048) NOT NULL,
        "subject" varchar(255) NOT NULL,
        "user_id" uuid NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
        "org_id" uuid NOT NULL REFERENCES "organization"("id") ON DELETE CASCADE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_sign_in_at" timestamptz NULL,
        PRIMARY KEY ("issuer", "subject")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "sso_identity_user_issuer" ON "sso_identity" ("user_id", "issuer")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sso_identity"`);
    await queryRunner.query(`DROP TABLE "sso_authorization"`);
    await queryRunner.query(`DROP TABLE "organization_sso_domain"`);
    await queryRunner.query(`DROP TABLE "organization_sso"`);
  }
}
