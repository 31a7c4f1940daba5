import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks to supplier organisations: endpoints (secrets sealed, never hashed: they sign),
 * one message per event and endpoint (the exactly-once fan-out), and every delivery attempt.
 */
export class CreateOutboundWebhooks1765320000000 implements MigrationInterface {
  name = 'CreateOutboundWebhooks1765320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "webhook_endpoint" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "org_id" uuid NOT NULL REFERENCES "organization"("id") ON DELETE CASCADE,
        "url" varchar(2000) NOT NULL,
        "description" varchar(500) NOT NULL DEFAULT '',
        "events" text[] NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "disabled_reason" varchar(200),
        "secret_sealed" text NOT NULL,
        "previous_secret_sealed" text,
        "previous_secret_expires_at" timestamptz,
        "failing_since" timestamptz,
        "created_by" uuid REFERENCES "user"("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "webhook_endpoint_org_idx" ON "webhook_endpoint" ("org_id", "created_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "webhook_message" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "endpoint_id" uuid NOT NULL REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE,
        "event" varchar(64) NOT NULL,
        "event_job_id" varchar(64),
        "body" text NOT NULL,
        "state" varchar(16) NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'delivered', 'failed')),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // One message per announced event and endpoint, however often the fan-out job runs.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "webhook_message_event_uq" ON "webhook_message" ("endpoint_id", "event_job_id") WHERE "event_job_id" IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "webhook_attempt" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "message_id" uuid NOT NULL REFERENCES "webhook_message"("id") ON DELETE CASCADE,
        "endpoint_id" uuid NOT NULL REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE,
        "attempt" integer NOT NULL,
        "succeeded" boolean NOT NULL,
        "status_code" integer,
        "duration_ms" integer NOT NULL,
        "response_excerpt" varchar(1024),
        "error" varchar(500),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "webhook_attempt_endpoint_idx" ON "webhook_attempt" ("endpoint_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "webhook_attempt_message_idx" ON "webhook_attempt" ("message_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_message"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoint"`);
  }
}
