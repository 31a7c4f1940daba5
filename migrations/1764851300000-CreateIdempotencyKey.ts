import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per (user, Idempotency-Key): the request it was first used with and, once that finished,
 * the answer to replay (apps/api/src/idempotency). `status_code` NULL = the first request is in flight.
 */
export class CreateIdempotencyKey1764851300000 implements MigrationInterface {
  name = 'CreateIdempotencyKey1764851300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "idempotency_key" (
        "user_id" uuid NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
        "key" varchar(255) NOT NULL,
        "request_hash" char(64) NOT NULL,
        "status_code" integer,
        "response_body" jsonb,
        "locked_until" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        PRIMARY KEY ("user_id", "key")
      )`);
    await queryRunner.query(`CREATE INDEX "idempotency_key_expires_at" ON "idempotency_key" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
  }
}
