import { CUSTOM_FIELDS } from './jira-simulator-state';
import type { OperationHandlers } from './jira-simulator-http';

/** The display name Jira gives a field id (`names` expansion). */
export function fieldName(id: string): string {
  const custom = Object.values(CUSTOM_FIELDS).find((f) => f.id === id);
  if (custom) return custom.name;
  const names: Record<string, string> = {
    issuetype: 'Issue Type',
    duedate: 'Due date',
    fixVersions: 'Fix versions',
    comment: 'Comment',
    attachment: 'Attachment',
  };
  return names[id] ?? id.charAt(0).toUpperCase() + id.slice(1);
}

/** `GET /field`: the system fields the simulator models and its custom fields. */
export function fieldCatalogue() {
  const system = [
    ['issuekey', 'Key', {} as { type?: string }],
    ['summary', 'Summary', { type: 'string', system: 'summary' }],
    ['description', 'Description', { type: 'string', system: 'description' }],
    ['issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }],
    ['project', 'Project', { type: 'project', system: 'project' }],
    ['status', 'Status', { type: 'status', system: 'status' }],
    ['priority', 'Priority', { type: 'priority', system: 'priority' }],
    ['labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }],
    ['duedate', 'Due date', { type: 'date', system: 'duedate' }],
    ['fixVersions', 'Fix versions', { type: 'array', items: 'version', system: 'fixVersions' }],
    ['components', 'Components', { type: 'array', items: 'component', system: 'components' }],
    ['resolution', 'Resolution', { type: 'resolution', system: 'resolution' }],
    ['assignee', 'Assignee', { type: 'user', system: 'assignee' }],
    ['reporter', 'Reporter', { type: 'user', system: 'reporter' }],
    ['created', 'Created', { type: 'datetime', system: 'created' }],
    ['updated', 'Updated', { type: 'datetime', system: 'updated' }],
    ['comment', 'Comment', { type: 'comments-page', system: 'comment' }],
    ['attachment', 'Attachment', { type: 'array', items: 'attachment', system: 'attachment' }],
  ] as const;
  return [
    ...system.map(([id, name, schema]) => ({
      id,
      key: id,
      name,
      custom: false,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [id],
      // Jira lists `issuekey` without a schema.
      ...(Object.keys(schema).length ? { schema } : {}),
    })),
    ...Object.values(CUSTOM_FIELDS).map((f) => ({
      id: f.id,
      key: f.id,
      name: f.name,
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [`cf[${f.schema.customId}]`, f.name],
      schema: f.schema,
    })),
  ];
}

/** Who am I, and which fields exist. */
export const userAndFieldOperations: OperationHandlers = {
  getCurrentUser: ({ control }) => {
    return { status: 200, body: control.userJson(control.apiUser) };
  },
  getFields: () => {
    return { status: 200, body: fieldCatalogue() };
  },
};
