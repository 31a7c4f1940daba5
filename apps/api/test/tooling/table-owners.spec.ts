import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * "A module reads and writes only its own tables" (docs/architecture.md, Module boundaries): the SQL
 * of each module under apps/api/src names only the tables its entities declare. The exceptions are
 * listed here and in the architecture document's "Known debts"; paying one removes it from both.
 */
const SRC = join(__dirname, '../../src');

/** Tables without an entity of their own, by owning module. */
const TABLES_WITHOUT_ENTITY: Record<string, string> = {
  notification_dispatch: 'notifications',
  notification_reminder: 'notifications',
  notification_rule_status: 'notifications',
  notification_test_send: 'notifications',
  password_reset_request: 'auth',
  purchase_order_change: 'purchase-orders',
  purchase_order_item_link: 'purchase-orders',
  transmittal_counter: 'transmittals',
  transmittal_receipt: 'transmittals',
  transmittal_content_receipt: 'transmittals',
  transmittal_responder: 'transmittals',
  transmittal_response: 'transmittals',
};

/** `what-changed` is a named read model across its sources' tables, by design. */
const READ_MODELS = new Set(['what-changed']);

/** Known debts, `<file>: <table>`: none left; a new cross-module read needs a port (docs/architecture.md). */
const KNOWN: string[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const moduleOf = (path: string) => relative(SRC, path).split('/')[0];

function tableOwners(files: string[]): Map<string, string> {
  const owners = new Map(Object.entries(TABLES_WITHOUT_ENTITY));
  for (const path of files.filter((f) => f.endsWith('.entity.ts')))
    for (const m of readFileSync(path, 'utf8').matchAll(/@Entity\(\{?\s*(?:name:\s*)?'(\w+)'/g))
      owners.set(m[1], moduleOf(path));
  return owners;
}

/** Tables named in SQL text (upper-case keywords) or query-builder calls of another module's file. */
function foreignTables(files: string[], owners: Map<string, string>): string[] {
  const names = [...owners.keys()].sort((a, b) => b.length - a.length).join('|');
  const sql = new RegExp(`\\b(?:FROM|JOIN|UPDATE|INTO|EXISTS)\\s+"?(${names})"?\\b`, 'g');
  const builder = new RegExp(`\\.(?:from|\\w*[jJ]oin\\w*)\\(\\s*'(${names})'`, 'g');
  const found = new Set<string>();
  for (const path of files) {
    const module = moduleOf(path);
    if (READ_MODELS.has(module)) continue;
    const code = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
      .join('\n');
    for (const pattern of [sql, builder])
      for (const m of code.matchAll(pattern))
        if (owners.get(m[1]) !== module) found.add(`${relative(SRC, path)}: ${m[1]}`);
  }
  return [...found].sort();
}

describe('table ownership across API modules', () => {
  const files = sourceFiles(SRC);
  const owners = tableOwners(files);

  it('knows the owner of every table', () => {
    expect(owners.get('shared_item')).toBe('sharing');
    expect(owners.get('file_revision')).toBe('files');
    expect(owners.get('workspace')).toBe('workspaces');
    expect(owners.get('user')).toBe('users');
  });

  it("names no other module's table in SQL, apart from the known debts", () => {
    expect(foreignTables(files, owners)).toEqual([...KNOWN].sort());
  });
});
