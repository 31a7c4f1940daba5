import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sync engine's own tables. The job queue's tables live in schema `pgboss`, created and migrated
 * by pg-boss itself at start-up.
 */
export class CreateSyncTables1764400000000 implements MigrationInterface {
  name = 'CreateSyncTables1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Inbound deliveries already accepted, so a re-delivered webhook publishes nothing twice.
    await queryRunner.query(`
      CREATE TABLE "webhook_delivery" (
        "source" varchar(32) NOT NULL,
        "delivery_id" varchar(255) NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("source", "delivery_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_received_at" ON "webhook_delivery" ("received_at")`,
    );
    // External effects already carried out, keyed by the job that made them (idempotent handlers).
    await queryRunner.query(`
      CREATE TABLE "sync_effect" (
        "job_key" varchar(255) PRIMARY KEY,
        "external_ref" varchar(512),
        "at" timestamptz NOT NULL DEFAULT now()
      )`);
    // Named points in time: last webhook per source, last reconciliation run.
    await queryRunner.query(`
      CREATE TABLE "sync_marker" (
        "name" varchar(64) PRIMARY KEY,
        "at" timestamptz NOT NULL,
        "detail" jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sync_marker"`);
    await queryRunner.query(`DROP TABLE "sync_effect"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
  }
}
