import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Newest-first reads that had no index to walk: the defect list across workspaces (`GET defects`, keyset
 * on created_at, id) and the status changes of "what changed" (newest `at` first, the report entry left out).
 */
export class AddDefectTimelineIndexes1764840300000 implements MigrationInterface {
  name = 'AddDefectTimelineIndexes1764840300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "defect_created_idx" ON "defect" ("created_at" DESC, "id" DESC)`);
    await queryRunner.query(
      `CREATE INDEX "defect_status_event_at_idx" ON "defect_status_event" ("at" DESC) WHERE "source" <> 'reported'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "defect_status_event_at_idx"`);
    await queryRunner.query(`DROP INDEX "defect_created_idx"`);
  }
}
