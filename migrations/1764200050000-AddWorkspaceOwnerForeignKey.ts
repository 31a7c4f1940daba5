import { MigrationInterface, QueryRunner } from 'typeorm';

/** The user table landed after the workspace table; tie owners to it now. */
export class AddWorkspaceOwnerForeignKey1764200050000 implements MigrationInterface {
  name = 'AddWorkspaceOwnerForeignKey1764200050000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workspace" ADD CONSTRAINT "workspace_owner_fk" FOREIGN KEY ("owner_id") REFERENCES "user"("id") ON DELETE RESTRICT`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workspace" DROP CONSTRAINT "workspace_owner_fk"`);
  }
}
