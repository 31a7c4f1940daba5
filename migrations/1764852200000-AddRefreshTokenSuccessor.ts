import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The successor of a just-rotated refresh token, sealed, so that presenting the old token again within
 * the reuse interval (two tabs refreshing at once) returns the same new token from any API process.
 */
export class AddRefreshTokenSuccessor1764852200000 implements MigrationInterface {
  name = 'AddRefreshTokenSuccessor1764852200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD COLUMN "successor_sealed" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP COLUMN "successor_sealed"`);
  }
}
