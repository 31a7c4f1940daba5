import { MigrationInterface, QueryRunner } from 'typeorm';

/** The Jira issue type of defect issues becomes a workspace setting (it was always "Bug"). */
export class AddWorkspaceJiraIssueType1764830000000 implements MigrationInterface {
  name = 'AddWorkspaceJiraIssueType1764830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workspace" ADD "jira_issue_type" character varying(64) NOT NULL DEFAULT 'Bug'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workspace" DROP COLUMN "jira_issue_type"`);
  }
}
