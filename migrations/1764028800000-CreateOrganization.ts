import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrganization1764028800000 implements MigrationInterface {
  name = 'CreateOrganization1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "organization" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar NOT NULL,
        "kind" varchar NOT NULL CHECK ("kind" IN ('internal', 'supplier')),
        "status" varchar NOT NULL DEFAULT 'active' CHECK ("status" IN ('active', 'disabled')),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "organization"`);
  }
}
