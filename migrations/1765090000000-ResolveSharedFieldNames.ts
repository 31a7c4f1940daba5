import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared field names become canonical (apps/api/src/sharing/field-names.ts): Portico's name for the
 * fields it knows, Jira's id for custom fields. This moves stored workspace defaults and item allowlists
 * that use a known alias (`duedate`, `Due date`, `issuetype`, …) to the canonical name. Any other name
 * (a custom field's display name, a typo) cannot be checked without Jira: it is kept as it was and listed
 * in the workspace's field notice for the PM. It also adds the list columns of the latest version's
 * due date and priority, filled from the published versions.
 *
 * A frozen copy of the aliases of the time, not an import: a migration must keep doing what it did.
 */
const CANONICAL = [
  'summary',
  'description',
  'status',
  'dueDate',
  'priority',
  'issueType',
  'labels',
  'components',
  'fixVersions',
  'resolution',
  'assignee',
  'reporter',
  'created',
  'updated',
  'attachments',
  'key',
  'url',
  'title',
  'content',
];
const ALIASES: Record<string, string> = {
  duedate: 'dueDate',
  'due date': 'dueDate',
  issuetype: 'issueType',
  'issue type': 'issueType',
  type: 'issueType',
  'fix versions': 'fixVersions',
  'fix version': 'fixVersions',
  fixversion: 'fixVersions',
  attachment: 'attachments',
  issuekey: 'key',
  link: 'url',
};
const BY_LOWER = new Map<string, string>([
  ...CANONICAL.map((name) => [name.toLowerCase(), name] as [string, string]),
  ...Object.entries(ALIASES),
]);

/** Canonical names for `names` (order kept, duplicates dropped); names that match nothing stay as they were. Not exported: TypeORM takes every export of a migration file for a migration. */
function canonicalFieldNames(names: string[]): { fields: string[]; unmatched: string[] } {
  const fields: string[] = [];
  const unmatched: string[] = [];
  for (const raw of names) {
    const known = BY_LOWER.get(raw.trim().toLowerCase());
    const custom = /^customfield_\d+$/i.test(raw.trim()) ? raw.trim().toLowerCase() : undefined;
    const name = known ?? custom ?? raw;
    if (!known && !custom) unmatched.push(raw);
    if (!fields.includes(name)) fields.push(name);
  }
  return { fields, unmatched };
}

type Unmatched = { itemId: string | null; sourceRef: string | null; names: string[] };

export class ResolveSharedFieldNames1765090000000 implements MigrationInterface {
  name = 'ResolveSharedFieldNames1765090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workspace" ADD COLUMN IF NOT EXISTS "field_notice" jsonb`);
    await queryRunner.query(`ALTER TABLE "shared_item"
      ADD COLUMN IF NOT EXISTS "latest_due_date" date,
      ADD COLUMN IF NOT EXISTS "latest_priority" varchar(100),
      ADD COLUMN IF NOT EXISTS "latest_done" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "shared_item_workspace_due_idx"
      ON "shared_item" ("workspace_id", "latest_due_date") WHERE "withdrawn_at" IS NULL`);

    const notices = new Map<string, Unmatched[]>();
    const note = (workspaceId: string, entry: Unmatched) =>
      notices.set(workspaceId, [...(notices.get(workspaceId) ?? []), entry]);

    const workspaces: { id: string; names: string[] }[] = await queryRunner.query(
      `SELECT id, default_fields AS names FROM "workspace"`,
    );
    for (const ws of workspaces) {
      const { fields, unmatched } = canonicalFieldNames(ws.names ?? []);
      if (unmatched.length) note(ws.id, { itemId: null, sourceRef: null, names: unmatched });
      if (JSON.stringify(fields) !== JSON.stringify(ws.names))
        await queryRunner.query(`UPDATE "workspace" SET default_fields = $2 WHERE id = $1`, [ws.id, fields]);
    }

    const items: {
      id: string;
      workspaceId: string;
      sourceRef: string;
      sourceType: string;
      names: string[];
      withdrawn: boolean;
    }[] = await queryRunner.query(
      `SELECT id, workspace_id AS "workspaceId", source_ref AS "sourceRef", source_type AS "sourceType",
              field_allowlist AS names, withdrawn_at IS NOT NULL AS withdrawn FROM "shared_item"`,
    );
    for (const item of items) {
      const { fields, unmatched } = canonicalFieldNames(item.names ?? []);
      if (unmatched.length && !item.withdrawn && item.sourceType === 'jira_issue')
        note(item.workspaceId, { itemId: item.id, sourceRef: item.sourceRef, names: unmatched });
      if (JSON.stringify(fields) !== JSON.stringify(item.names))
        // No reviewed revision: the next reconciliation re-reads the source and drafts what the new names share.
        await queryRunner.query(
          `UPDATE "shared_item" SET field_allowlist = $2, source_revision = NULL WHERE id = $1`,
          [item.id, fields],
        );
    }

    const raisedAt = new Date().toISOString();
    for (const [workspaceId, unmatched] of notices)
      await queryRunner.query(`UPDATE "workspace" SET field_notice = $2 WHERE id = $1`, [
        workspaceId,
        JSON.stringify({ raisedAt, unmatched }),
      ]);

    // The list columns, from each item's latest published version.
    const latest: { id: string; fields: { name?: string; value?: unknown }[] | null }[] =
      await queryRunner.query(
        `SELECT i.id, v.snapshot->'fields' AS fields FROM "shared_item" i
           JOIN "shared_item_version" v ON v.item_id = i.id AND v.version = i.latest_version
          WHERE i.latest_version > 0`,
      );
    for (const row of latest) {
      const value = (name: string) => (row.fields ?? []).find((f) => f?.name === name)?.value;
      const due = value('dueDate');
      const priority = value('priority');
      const day = typeof due === 'string' ? due.slice(0, 10) : '';
      const time = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
      // Only a real calendar day: PostgreSQL refuses 2026-02-30.
      const dueDate = !Number.isNaN(time) && new Date(time).toISOString().startsWith(day) ? day : null;
      const prio = typeof priority === 'string' ? priority.slice(0, 100) : null;
      if (dueDate || prio)
        await queryRunner.query(
          `UPDATE "shared_item" SET latest_due_date = $2, latest_priority = $3 WHERE id = $1`,
          [row.id, dueDate, prio],
        );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The canonical names stay: they are what the code of this version and later understands.
    await queryRunner.query(`DROP INDEX IF EXISTS "shared_item_workspace_due_idx"`);
    await queryRunner.query(
      `ALTER TABLE "shared_item" DROP COLUMN IF EXISTS "latest_due_date", DROP COLUMN IF EXISTS "latest_priority", DROP COLUMN IF EXISTS "latest_done"`,
    );
    await queryRunner.query(`ALTER TABLE "workspace" DROP COLUMN IF EXISTS "field_notice"`);
  }
}
