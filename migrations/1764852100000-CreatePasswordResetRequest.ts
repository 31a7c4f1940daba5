import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reset requests per address (known or not) in the last hour, for the per-address limit shared by
 * every API process. Only a hash of the address is kept; rows older than an hour are pruned on use.
 */
export class CreatePasswordResetRequest1764852100000 implements MigrationInterface {
  name = 'CreatePasswordResetRequest1764852100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "password_reset_request" (
        "email_hash" varchar(64) NOT NULL,
        "requested_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "password_reset_request_email_idx" ON "password_reset_request" ("email_hash", "requested_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_reset_request"`);
  }
}
