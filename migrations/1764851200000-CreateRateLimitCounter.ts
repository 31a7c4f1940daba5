import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fixed-window request counters shared by every API process (apps/api/src/rate-limits). UNLOGGED: a
 * counter is worth less than the WAL write on every request, and losing them in a crash only resets
 * the current windows.
 */
export class CreateRateLimitCounter1764851200000 implements MigrationInterface {
  name = 'CreateRateLimitCounter1764851200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE "rate_limit_counter" (
        "key" varchar(300) PRIMARY KEY,
        "hits" integer NOT NULL,
        "window_ends_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "rate_limit_counter_window_ends_at" ON "rate_limit_counter" ("window_ends_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_counter"`);
  }
}
