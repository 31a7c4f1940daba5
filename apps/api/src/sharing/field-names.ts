import { FieldError } from '../common';
import { FEISHU_FIELDS } from './projection/feishu-projection';
import { JIRA_BUILT_IN_FIELDS } from './projection/jira-projection';

/** One entry of Jira's field list (GET /rest/api/3/field), as far as name resolution needs it. */
export interface JiraFieldInfo {
  id: string;
  name: string;
  custom: boolean;
}

/**
 * Jira's own id of each built-in field Portico shares under its own name (`dueDate` is Jira's `duedate`).
 * `url` is Portico's link to the issue and has no Jira field.
 */
export const JIRA_ID_OF_BUILT_IN: Record<string, string | null> = {
  summary: 'summary',
  description: 'description',
  status: 'status',
  dueDate: 'duedate',
  priority: 'priority',
  issueType: 'issuetype',
  labels: 'labels',
  components: 'components',
  fixVersions: 'fixVersions',
  resolution: 'resolution',
  assignee: 'assignee',
  reporter: 'reporter',
  created: 'created',
  updated: 'updated',
  attachments: 'attachment',
  key: 'issuekey',
  url: null,
};

export const CUSTOM_FIELD_ID = /^customfield_\d{1,18}$/;

/**
 * Every spelling of a Portico field, lower-cased, to its canonical name: Portico's name, Jira's id of it
 * and its label (Jira's display name for the system fields), and the Feishu document fields.
 */
const KNOWN_NAMES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [name, field] of Object.entries(JIRA_BUILT_IN_FIELDS)) {
    map.set(name.toLowerCase(), name);
    map.set(field.label.toLowerCase(), name);
    const jiraId = JIRA_ID_OF_BUILT_IN[name];
    if (jiraId) map.set(jiraId.toLowerCase(), name);
  }
  map.set('due date', 'dueDate');
  map.set('issue type', 'issueType');
  map.set('attachment', 'attachments');
  for (const name of FEISHU_FIELDS) map.set(name, name);
  return map;
})();

/** The canonical name of a field Portico knows without asking Jira, or undefined. */
export function knownFieldName(name: string): string | undefined {
  return KNOWN_NAMES.get(name.trim().toLowerCase());
}

/** True when resolving `names` needs Jira's field list (some name is not one of Portico's own). */
export function needsJiraFields(names: string[]): boolean {
  return names.some((name) => knownFieldName(name) === undefined);
}

/**
 * Resolves the names a PM or an integration gives to one canonical form each: Portico's name for the
 * fields it knows (`duedate`, `Due date` → `dueDate`), Jira's id for custom fields (`Supplier due date`,
 * `customfield_10050` → `customfield_10050`; display names case-insensitive). Ids survive a rename in
 * Jira, display names do not. `jiraFields` is Jira's field list, or null where no Jira is configured.
 * Every name that matches nothing is reported under `path[i]`; duplicates after resolution are dropped.
 */
export function resolveFieldNames(
  names: string[],
  jiraFields: JiraFieldInfo[] | null,
  path: string,
): { fields: string[]; errors: FieldError[] } {
  const fields: string[] = [];
  const errors: FieldError[] = [];
  const byId = new Map((jiraFields ?? []).map((f) => [f.id.toLowerCase(), f]));
  names.forEach((raw, i) => {
    const name = raw.trim();
    const refuse = (message: string) =>
      errors.push({ field: `${path}[${i}]`, message: `"${raw}" ${message}` });
    const known = knownFieldName(name);
    if (known) return fields.includes(known) || fields.push(known);
    if (!jiraFields) return refuse('is not a Portico field, and no Jira is configured to look it up');
    const lower = name.toLowerCase();
    const candidates = byId.has(lower)
      ? [byId.get(lower)!]
      : jiraFields.filter((f) => f.name.trim().toLowerCase() === lower);
    const custom = candidates.filter((f) => f.custom && CUSTOM_FIELD_ID.test(f.id));
    if (custom.length > 1)
      return refuse(`names ${custom.length} Jira fields; use the id (${custom.map((f) => f.id).join(', ')})`);
    if (custom.length === 1) return fields.includes(custom[0].id) || fields.push(custom[0].id);
    if (candidates.length)
      return refuse(`is a Jira field (${candidates[0].id}) that Portico does not share with suppliers`);
    refuse("is not a field in this workspace's Jira");
  });
  return { fields, errors };
}
