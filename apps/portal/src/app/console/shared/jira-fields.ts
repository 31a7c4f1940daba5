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
