import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * @-mentions of trigger rules: internal users' DingTalk and Jira identities (their Feishu open_id already
 * exists), what each rule's last group message could not mention and why, the test-send rate limit, and reminders of unacknowledged versions.
 */
export class AddMentionTargets1764850050000 implements MigrationInterface {
  name = 'AddMentionTargets1764850050000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "user"
        ADD COLUMN "dingtalk_mobile" varchar(32),
        ADD COLUMN "dingtalk_user_id" varchar(64),
        ADD COLUMN "jira_account_id" varchar(128)`);
    await queryRunner.query(`CREATE INDEX "user_jira_account_id_idx" ON "user" ("jira_account_id")`);
    await queryRunner.query(`
      CREATE TABLE "notification_rule_status" (
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
        "rule_key" varchar(64) NOT NULL,
        "channel" varchar(16) NOT NULL,
        "sent_at" timestamptz NOT NULL DEFAULT now(),
        "mentioned" jsonb NOT NULL DEFAULT '[]',
        "not_mentioned" jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY ("workspace_id", "rule_key", "channel")
      )`);
    await queryRunner.query(`
      CREATE TABLE "notification_test_send" (
        "workspace_id" uuid PRIMARY KEY REFERENCES "workspace"("id") ON DELETE CASCADE,
        "sent_at" timestamptz NOT NULL
      )`);
    // Each unacknowledged-version reminder is announced once per item version and wait.
    await queryRunner.query(`
      CREATE TABLE "notification_reminder" (
        "item_id" uuid NOT NULL REFERENCES "shared_item"("id") ON DELETE CASCADE,
        "version" int NOT NULL,
        "after_days" int NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("item_id", "version", "after_days")
      )`);
    // The Jira status each shared Jira item was last read in: a change announces jira.status_entered.
    await queryRunner.query(`ALTER TABLE "shared_item" ADD COLUMN "source_status" varchar(255)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "shared_item" DROP COLUMN "source_status"`);
    await queryRunner.query(`DROP TABLE "notification_reminder"`);
    await queryRunner.query(`DROP TABLE "notification_test_send"`);
    await queryRunner.query(`DROP TABLE "notification_rule_status"`);
    await queryRunner.query(`DROP INDEX "user_jira_account_id_idx"`);
    await queryRunner.query(`
      ALTER TABLE "user" DROP COLUMN "dingtalk_mobile", DROP COLUMN "dingtalk_user_id", DROP COLUMN "jira_account_id"`);
  }
}
