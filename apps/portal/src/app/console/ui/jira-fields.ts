/**
 * Built-in Jira fields a PM can allowlist, by the names the API's projection uses
 * (apps/api/src/sharing/projection/jira-projection.ts). Any other name is matched to a custom field
 * by its display name. `key` and `url` reveal internal identifiers and are off unless picked.
 */
export const JIRA_BUILT_IN_FIELDS = [
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
] as const;

/** What a new workspace offers until the PM chooses otherwise. */
export const SUGGESTED_DEFAULT_FIELDS: readonly string[] = ['summary', 'description', 'status', 'dueDate'];

/** Fields of a shared Feishu document (apps/api/src/sharing/projection/source-fields.ts). */
export const DOCUMENT_FIELDS = ['title', 'content', 'url'] as const;

/** What a newly shared document shows the supplier unless the PM chooses otherwise. */
export const DEFAULT_DOCUMENT_FIELDS: readonly string[] = ['title', 'content'];

/** A workspace's default fields as they apply to Jira issues: the document-only names left out. */
export function jiraDefaultFields(workspaceDefaults: readonly string[]): string[] {
  return workspaceDefaults.filter((name) => name !== 'title' && name !== 'content');
}
