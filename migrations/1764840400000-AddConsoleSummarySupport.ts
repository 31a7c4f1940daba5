import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console home's counts (GET console/summary): a per-workspace "acknowledge within N days" setting,
 * and partial indexes so each count reads only the rows it counts (pending drafts, revisions awaiting
 * review, defects still at their first status) for the manager's workspaces.
 */
export class AddConsoleSummarySupport1764840400000 implements MigrationInterface {
  name = 'AddConsoleSummarySupport1764840400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workspace" ADD "acknowledge_within_days" integer NOT NULL DEFAULT 5 CHECK ("acknowledge_within_days" BETWEEN 1 AND 365)`,
    );
    await queryRunner.query(
      `CREATE INDEX "shared_item_pending_draft_idx" ON "shared_item" ("workspace_id") WHERE "draft" IS NOT NULL AND "withdrawn_at" IS NULL AND "latest_version" > 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "file_revision_awaiting_review_idx" ON "file_revision" ("file_id") WHERE "state" = 'available' AND "review_state" = 'submitted'`,
    );
    await queryRunner.query(
      `CREATE INDEX "defect_workspace_status_idx" ON "defect" ("workspace_id", "supplier_status")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "defect_workspace_status_idx"`);
    await queryRunner.query(`DROP INDEX "file_revision_awaiting_review_idx"`);
    await queryRunner.query(`DROP INDEX "shared_item_pending_draft_idx"`);
    await queryRunner.query(`ALTER TABLE "workspace" DROP COLUMN "acknowledge_within_days"`);
  }
}
