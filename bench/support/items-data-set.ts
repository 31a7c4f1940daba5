import * as argon2 from 'argon2';
import { Pool } from 'pg';

export interface ItemsDataSet {
  orgs: number;
  itemsPerWorkspace: number;
  password: string;
}

/**
 * The item-list data set: 1 internal org + PM (pm@bench.test, owner of every workspace), `orgs`
 * supplier orgs each with one member and one workspace of `itemsPerWorkspace` published items.
 * Returns a workspace in the middle and its member's email.
 */
export async function seedItemsDataSet(
  pool: Pool,
  { orgs: ORGS, itemsPerWorkspace: ITEMS_PER_WORKSPACE, password: PASSWORD }: ItemsDataSet,
): Promise<{ workspaceId: string; email: string }> {
  const hash = await argon2.hash(PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  await pool.query(
    `
    WITH internal AS (INSERT INTO organization (name, kind) VALUES ('Portico', 'internal') RETURNING id)
    INSERT INTO "user" (org_id, email, display_name, role, status, password_hash)
    SELECT id, 'pm@bench.test', 'PM', 'pm', 'active', $1 FROM internal`,
    [hash],
  );
  await pool.query(
    `
    INSERT INTO organization (name, kind) SELECT 'Supplier ' || g, 'supplier' FROM generate_series(1, $1) g`,
    [ORGS],
  );
  await pool.query(
    `
    INSERT INTO "user" (org_id, email, display_name, role, status, password_hash)
    SELECT o.id, 'member-' || row_number() OVER (ORDER BY o.name) || '@bench.test', 'Member', 'supplier_member', 'active', $1
      FROM organization o WHERE o.kind = 'supplier'`,
    [hash],
  );
  await pool.query(`
    INSERT INTO workspace (name, supplier_org_id, owner_id, jira_project_key)
    SELECT 'Workspace of ' || o.name, o.id, (SELECT id FROM "user" WHERE email = 'pm@bench.test'), 'HW'
      FROM organization o WHERE o.kind = 'supplier'`);
  await pool.query(
    `
    INSERT INTO shared_item (workspace_id, source_type, source_ref, field_allowlist, latest_version, latest_title, latest_status, last_published_at, source_revision)
    SELECT w.id, 'jira_issue', 'HW-' || g, '{summary,status,dueDate}', 1 + (g % 4),
           'Part ' || g || ' — tolerance review for the gearbox housing, revision ' || (g % 7),
           (ARRAY['To do', 'Being worked on', 'Under test', 'Done'])[1 + g % 4],
           now() - (g || ' minutes')::interval, '2026-11-25T08:00:00.000+0000'
      FROM workspace w CROSS JOIN generate_series(1, $1) g`,
    [ITEMS_PER_WORKSPACE],
  );
  await pool.query('ANALYZE');
  const { rows } = await pool.query(
    `SELECT w.id, u.email FROM workspace w JOIN "user" u ON u.org_id = w.supplier_org_id ORDER BY w.name LIMIT 1 OFFSET $1`,
    [Math.floor(ORGS / 2)],
  );
  return { workspaceId: rows[0].id, email: rows[0].email };
}
