import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInvitationsAndPasswordResets1764100100000 implements MigrationInterface {
  name = 'CreateInvitationsAndPasswordResets1764100100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organization" ADD "require_mfa" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE "invitation" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "org_id" uuid NOT NULL REFERENCES "organization"("id"),
        "user_id" uuid NOT NULL REFERENCES "user"("id"),
        "email" varchar(320) NOT NULL,
        "role" varchar NOT NULL CHECK ("role" IN ('admin', 'pm', 'supplier_admin', 'supplier_member')),
        "token_hash" varchar(64) NOT NULL UNIQUE,
        "expires_at" timestamptz NOT NULL,
        "accepted_at" timestamptz,
        "revoked_at" timestamptz,
        "invited_by" uuid REFERENCES "user"("id"),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "invitation_org_idx" ON "invitation" ("org_id")`);
    await queryRunner.query(`
      CREATE TABLE "password_reset" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
        "token_hash" varchar(64) NOT NULL UNIQUE,
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "password_reset_user_idx" ON "password_reset" ("user_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_reset"`);
    await queryRunner.query(`DROP TABLE "invitation"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP COLUMN "require_mfa"`);
  }
}
