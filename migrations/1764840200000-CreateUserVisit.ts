import { MigrationInterface, QueryRunner } from 'typeorm';

/** When each user last looked at "what changed", so the landing page knows what is new since their last visit. */
export class CreateUserVisit1764840200000 implements MigrationInterface {
  name = 'CreateUserVisit1764840200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "user_visit" (
        "user_id" uuid PRIMARY KEY REFERENCES "user"("id") ON DELETE CASCADE,
        "visit_since" timestamptz,
        "last_seen_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_visit"`);
  }
}
