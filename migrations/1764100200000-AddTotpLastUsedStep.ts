import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTotpLastUsedStep1764100200000 implements MigrationInterface {
  name = 'AddTotpLastUsedStep1764100200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // RFC 6238 §5.2: a code, once accepted, must not be accepted again.
    await queryRunner.query(`ALTER TABLE "user" ADD "totp_last_used_step" bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "totp_last_used_step"`);
  }
}
