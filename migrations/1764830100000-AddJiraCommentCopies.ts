import { MigrationInterface, QueryRunner } from 'typeorm';

/** Jira comments a PM made public in a shared item's thread: their source, author, rendered body and state. */
export class AddJiraCommentCopies1764830100000 implements MigrationInterface {
  name = 'AddJiraCommentCopies1764830100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "comment"
        ADD "source" character varying(16) NOT NULL DEFAULT 'portico' CHECK ("source" IN ('portico', 'jira')),
        ADD "jira_author_name" character varying(255),
        ADD "body_html" text,
        ADD "jira_updated_at" TIMESTAMP WITH TIME ZONE,
        ADD "jira_state" character varying(16) CHECK ("jira_state" IN ('live', 'restricted', 'deleted'))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "comment_jira_copy_uq" ON "comment" ("item_id", "external_id") WHERE source = 'jira'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "comment_jira_copy_uq"`);
    await queryRunner.query(
      `ALTER TABLE "comment" DROP COLUMN "jira_state", DROP COLUMN "jira_updated_at", DROP COLUMN "body_html",
         DROP COLUMN "jira_author_name", DROP COLUMN "source"`,
    );
  }
}
