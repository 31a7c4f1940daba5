import { escapeHtml } from '@portico/connectors/html';
import { sanitizeSharedHtml } from './html-text';
import { CompiledRedaction, redactText } from '../../workspaces';
import { ItemSnapshot, SharedAttachment, SnapshotField } from './snapshot';

/** The part of a Jira issue (as the connectors' JiraClient returns it) the projection reads. */
export interface JiraIssue {
  key?: string;
  fields: Record<string, unknown>;
  /** HTML per field id, when `renderedFields` was expanded. */
  renderedFields?: Record<string, string | null>;
  /** Display name per field id, when `names` was expanded: how custom fields are shared by name. */
  names?: Record<string, string>;
}

export interface JiraProjectionOptions {
  allowlist: string[];
  /** Internal status name -> supplier-facing name. */
  statusMap: Record<string, string>;
  redactions: CompiledRedaction[];
  /** Renders an ADF document to HTML (sanitised again here); Jira's renderedFields are used first. */
  renderAdf: (adf: unknown) => string;
  /** Base URL of the Jira site, for the `url` field (shared only when allowlisted). */
  jiraBaseUrl?: string;
}

type Built = {
  label: string;
  read: (issue: JiraIssue, o: JiraProjectionOptions) => SnapshotField['value'];
  kind: SnapshotField['kind'];
};

const named = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  const o = v as Record<string, unknown>;
  const s = o.displayName ?? o.name ?? o.value ?? o.key;
  return s === undefined || s === null ? null : String(s);
};
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(named).filter((s): s is string => s !== null) : [];

/**
 * Built-in fields a PM can allowlist, by the name used in allowlists. Anything not here is a custom
 * field: its Jira id (`customfield_10050`), or in allowlists stored before ids, its display name. Keys and URLs are internal unless explicitly allowlisted.
 */
export const JIRA_BUILT_IN_FIELDS: Record<string, Built> = {
  summary: {
    label: 'Summary',
    kind: 'text',
    read: (i, o) => redactText(String(i.fields.summary ?? ''), o.redactions),
  },
  description: { label: 'Description', kind: 'html', read: (i, o) => richText(i, 'description', o) },
  status: { label: 'Status', kind: 'text', read: (i, o) => supplierStatus(i, o.statusMap) },
  dueDate: { label: 'Due date', kind: 'date', read: (i) => named(i.fields.duedate) },
  priority: { label: 'Priority', kind: 'text', read: (i) => named(i.fields.priority) },
  issueType: { label: 'Type', kind: 'text', read: (i) => named(i.fields.issuetype) },
  labels: { label: 'Labels', kind: 'list', read: (i) => list(i.fields.labels) },
  components: { label: 'Components', kind: 'list', read: (i) => list(i.fields.components) },
  fixVersions: { label: 'Fix versions', kind: 'list', read: (i) => list(i.fields.fixVersions) },
  resolution: { label: 'Resolution', kind: 'text', read: (i) => named(i.fields.resolution) },
  assignee: { label: 'Assignee', kind: 'text', read: (i) => named(i.fields.assignee) },
  reporter: { label: 'Reporter', kind: 'text', read: (i) => named(i.fields.reporter) },
  created: { label: 'Created', kind: 'date', read: (i) => named(i.fields.created) },
  updated: { label: 'Updated', kind: 'date', read: (i) => named(i.fields.updated) },
  attachments: { label: 'Attachments', kind: 'attachments', read: (i) => attachments(i) },
  key: { label: 'Key', kind: 'text', read: (i) => i.key ?? null },
  url: {
    label: 'Link',
    kind: 'text',
    read: (i, o) => (o.jiraBaseUrl && i.key ? `${o.jiraBaseUrl.replace(/\/$/, '')}/browse/${i.key}` : null),
  },
};

export function projectJiraIssue(issue: JiraIssue, options: JiraProjectionOptions): ItemSnapshot {
  const fields: SnapshotField[] = [];
  const customByName = customFieldIdsByName(issue);
  for (const name of options.allowlist) {
    const builtIn = JIRA_BUILT_IN_FIELDS[name];
    if (builtIn) {
      fields.push({ name, label: builtIn.label, kind: builtIn.kind, value: builtIn.read(issue, options) });
      continue;
    }
    // Custom fields are stored by Jira id (sharing/field-names.ts); older allowlists by display name.
    const id = /^customfield_\d+$/.test(name) ? name : customByName.get(name.toLowerCase());
    if (!id || !(id in issue.fields)) continue; // not on this issue (or unknown): absent, never guessed
    fields.push(customField(issue, id, name, options));
  }
  return {
    title: redactText(String(issue.fields.summary ?? ''), options.redactions),
    status: options.allowlist.includes('status') ? supplierStatus(issue, options.statusMap) : null,
    fields,
  };
}

/** Unmapped statuses fall back to Jira's coarse category so an internal workflow name never leaks. */
export function supplierStatus(issue: JiraIssue, statusMap: Record<string, string>): string | null {
  const status = issue.fields.status as { name?: string; statusCategory?: { name?: string } } | undefined;
  if (!status?.name) return null;
  return statusMap[status.name] ?? status.statusCategory?.name ?? 'In Progress';
}

function richText(issue: JiraIssue, fieldId: string, o: JiraProjectionOptions): string | null {
  const rendered = issue.renderedFields?.[fieldId];
  const raw = issue.fields[fieldId];
  if (rendered === undefined && (raw === null || raw === undefined)) return null;
  const html =
    typeof rendered === 'string'
      ? rendered
      : typeof raw === 'string'
        ? `<p>${escapeHtml(raw)}</p>`
        : o.renderAdf(raw);
  return sanitizeSharedHtml(html, o.redactions, !o.allowlist.includes('url'));
}

function attachments(issue: JiraIssue): SharedAttachment[] {
  const raw = (issue.fields.attachment ?? []) as Array<{
    id?: string;
    filename?: string;
    size?: number;
    mimeType?: string;
  }>;
  return raw
    .filter((a) => a.id && a.filename)
    .map((a) => ({
      id: String(a.id),
      filename: String(a.filename),
      size: a.size ?? null,
      mimeType: a.mimeType ?? null,
    }));
}

function customFieldIdsByName(issue: JiraIssue): Map<string, string> {
  const map = new Map<string, string>();
  for (const [id, name] of Object.entries(issue.names ?? {}))
    if (id.startsWith('customfield_')) map.set(name.toLowerCase(), id);
  return map;
}

function customField(issue: JiraIssue, id: string, name: string, o: JiraProjectionOptions): SnapshotField {
  const label = issue.names?.[id] ?? name;
  const raw = issue.fields[id];
  if (Array.isArray(raw))
    return { name, label, kind: 'list', value: list(raw).map((s) => redactText(s, o.redactions)) };
  if (raw && typeof raw === 'object' && (raw as { type?: string }).type === 'doc')
    return { name, label, kind: 'html', value: richText(issue, id, o) };
  const value = named(raw);
  return { name, label, kind: 'text', value: value === null ? null : redactText(value, o.redactions) };
}
