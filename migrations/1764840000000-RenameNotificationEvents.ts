import { MigrationInterface, QueryRunner } from 'typeorm';

/** Older event names in stored trigger rules and notices → the names the notifications module publishes. */
const RENAMED: [older: string, current: string][] = [
  ['version.published', 'item.version_published'],
  ['file.revision_uploaded', 'file.revision_available'],
];

export class RenameNotificationEvents1764840000000 implements MigrationInterface {
  name = 'RenameNotificationEvents1764840000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [older, current] of RENAMED) await rename(queryRunner, older, current);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [older, current] of RENAMED) await rename(queryRunner, current, older);
  }
}

async function rename(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
  // Rewrites each matching rule in place, keeping the order of a workspace's rules.
  await queryRunner.query(
    `UPDATE "workspace" w SET "notification_rules" = (
        SELECT jsonb_agg(CASE WHEN r->>'event' = $1 THEN jsonb_set(r, '{event}', to_jsonb($2::text)) ELSE r END ORDER BY n)
          FROM jsonb_array_elements(w."notification_rules") WITH ORDINALITY AS e(r, n))
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(w."notification_rules") r WHERE r->>'event' = $1)`,
    [from, to],
  );
  await queryRunner.query(`UPDATE "notification" SET "event" = $2 WHERE "event" = $1`, [from, to]);
}
