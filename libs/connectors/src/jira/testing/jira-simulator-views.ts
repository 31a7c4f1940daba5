import { adfToHtml, adfToText } from '../../adf/adf-to-html';
import { fieldName } from './jira-user-field-routes';
import type { JqlSubject } from './jql';
import {
  CUSTOM_FIELDS,
  ISSUE_TYPES,
  PRIORITIES,
  PROJECTS,
  STATUSES,
  type SimComment,
  type SimIssue,
  type SimState,
  type SimUser,
} from './jira-simulator-state';
import { jiraTime } from './jira-simulator-http';
import type { JiraSimulatorOptions } from './jira-simulator-types';

/** The simulator's state and how Jira shows it: users, comments, attachments, issues and what JQL sees of them. */
export abstract class JiraSimulatorViews {
  baseUrl = '';
  /** The accounts' time zone: user JSON reports it, absolute JQL dates are read in it. */
  readonly timeZone: string;

  constructor(
    public state: SimState,
    readonly apiUser: SimUser,
    protected readonly options: JiraSimulatorOptions,
  ) {
    this.timeZone = options.timeZone ?? 'Asia/Shanghai';
  }

  // ---- JSON representations ---------------------------------------------------------------------------------

  userJson(user: SimUser) {
    return {
      self: `${this.baseUrl}/rest/api/3/user?accountId=${user.accountId}`,
      accountId: user.accountId,
      accountType: 'atlassian',
      emailAddress: user.emailAddress,
      displayName: user.displayName,
      active: true,
      timeZone: this.timeZone,
      avatarUrls: { '48x48': `${this.baseUrl}/avatar/${user.accountId}.png` },
    };
  }

  commentJson(issue: SimIssue, comment: SimComment, rendered = false) {
    return {
      self: `${this.baseUrl}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
      id: comment.id,
      author: this.userJson(comment.author),
      updateAuthor: this.userJson(comment.author),
      body: comment.body,
      ...(rendered ? { renderedBody: adfToHtml(comment.body) } : {}),
      created: jiraTime(comment.created),
      updated: jiraTime(comment.updated),
      jsdPublic: true,
      ...(comment.visibility ? { visibility: comment.visibility } : {}),
    };
  }

  attachmentJson(attachment: SimIssue['attachments'][number]) {
    return {
      self: `${this.baseUrl}/rest/api/3/attachment/${attachment.id}`,
      id: attachment.id,
      filename: attachment.filename,
      author: this.userJson(attachment.author),
      created: jiraTime(attachment.created),
      size: attachment.size,
      mimeType: attachment.mimeType,
      content: `${this.baseUrl}/rest/api/3/attachment/content/${attachment.id}`,
    };
  }

  /** Every field of an issue by id, in Jira's response shapes, computed only when asked for. */
  fieldGetters(issue: SimIssue): Record<string, () => unknown> {
    const base = this.baseUrl;
    return {
      summary: () => issue.summary,
      description: () => issue.description,
      issuetype: () => {
        const type = ISSUE_TYPES.find((t) => t.id === issue.issueTypeId)!;
        return {
          self: `${base}/rest/api/3/issuetype/${type.id}`,
          id: type.id,
          name: type.name,
          subtask: type.subtask,
        };
      },
      project: () => {
        const project = PROJECTS.find((p) => p.key === issue.projectKey)!;
        return {
          self: `${base}/rest/api/3/project/${project.id}`,
          id: project.id,
          key: project.key,
          name: project.name,
        };
      },
      status: () => {
        const status = STATUSES.find((s) => s.id === issue.statusId)!;
        return {
          self: `${base}/rest/api/3/status/${status.id}`,
          id: status.id,
          name: status.name,
          statusCategory: status.category,
        };
      },
      priority: () => {
        const priority = PRIORITIES.find((p) => p.id === issue.priorityId)!;
        return { self: `${base}/rest/api/3/priority/${priority.id}`, id: priority.id, name: priority.name };
      },
      labels: () => issue.labels,
      duedate: () => issue.duedate ?? null,
      // Not modelled: present and empty, as on an issue that has none.
      fixVersions: () => [],
      components: () => [],
      resolution: () => null,
      reporter: () => this.userJson(issue.reporter),
      assignee: () => (issue.assignee ? this.userJson(issue.assignee) : null),
      created: () => jiraTime(issue.created),
      updated: () => jiraTime(issue.updated),
      comment: () => ({
        comments: issue.comments.map((c) => this.commentJson(issue, c)),
        self: `${base}/rest/api/3/issue/${issue.id}/comment`,
        maxResults: issue.comments.length,
        total: issue.comments.length,
        startAt: 0,
      }),
      attachment: () => issue.attachments.map((a) => this.attachmentJson(a)),
      ...Object.fromEntries(
        Object.values(CUSTOM_FIELDS).map((f) => [f.id, () => issue.custom[f.id] ?? null]),
      ),
    };
  }

  issueJson(issue: SimIssue, options: { fields?: string[]; expand?: string[]; properties?: string[] }) {
    const all = this.fieldGetters(issue);
    const requested = options.fields ?? ['*all'];
    const include = new Set<string>();
    for (const field of requested) {
      if (field === '*all' || field === '*navigable') Object.keys(all).forEach((id) => include.add(id));
      else if (!field.startsWith('-')) include.add(field);
    }
    requested.filter((f) => f.startsWith('-')).forEach((f) => include.delete(f.slice(1)));
    const fields = Object.fromEntries([...include].filter((id) => id in all).map((id) => [id, all[id]()]));
    const expand = new Set(options.expand ?? []);
    const names = Object.fromEntries(Object.keys(fields).map((id) => [id, fieldName(id)]));
    return {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${this.baseUrl}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields,
      ...(expand.has('renderedFields')
        ? { renderedFields: this.renderedFields(issue, Object.keys(fields)) }
        : {}),
      ...(expand.has('names') ? { names } : {}),
      ...(options.properties?.length
        ? {
            properties: Object.fromEntries(
              options.properties.filter((k) => k in issue.properties).map((k) => [k, issue.properties[k]]),
            ),
          }
        : {}),
    };
  }

  private renderedFields(issue: SimIssue, ids: string[]): Record<string, unknown> {
    const all = this.fieldGetters(issue);
    return Object.fromEntries(
      ids.map((id) => {
        if (id === 'description') return [id, issue.description ? adfToHtml(issue.description) : null];
        if (id === 'comment')
          return [id, { comments: issue.comments.map((c) => this.commentJson(issue, c, true)) }];
        const value = all[id]?.();
        return [id, typeof value === 'string' ? value : null];
      }),
    );
  }

  /** What JQL can see of an issue. Issue properties are deliberately absent: Jira indexes only app-declared ones. */
  jqlSubject(issue: SimIssue): JqlSubject {
    const project = () => PROJECTS.find((p) => p.key === issue.projectKey)!;
    const status = () => STATUSES.find((s) => s.id === issue.statusId)!;
    const type = () => ISSUE_TYPES.find((t) => t.id === issue.issueTypeId)!.name;
    const description = () => adfToText(issue.description);
    const comments = () => issue.comments.map((c) => adfToText(c.body)).join('\n');
    const values: Record<string, () => string | string[] | null> = {
      project: () => [issue.projectKey, project().name, project().id],
      key: () => [issue.key, issue.id],
      issuekey: () => [issue.key, issue.id],
      id: () => issue.id,
      status: () => [status().name, status().id],
      statuscategory: () => status().category.name,
      issuetype: type,
      type,
      priority: () => PRIORITIES.find((p) => p.id === issue.priorityId)!.name,
      labels: () => issue.labels,
      summary: () => issue.summary,
      description,
      comment: comments,
      assignee: () => (issue.assignee ? [issue.assignee.accountId, issue.assignee.displayName] : null),
      reporter: () => [issue.reporter.accountId, issue.reporter.displayName],
      created: () => issue.created,
      updated: () => issue.updated,
      duedate: () => issue.duedate ?? null,
    };
    for (const field of Object.values(CUSTOM_FIELDS)) {
      const value = () => (issue.custom[field.id] as string | null | undefined) ?? null;
      values[field.id] = value;
      values[`cf[${field.schema.customId}]`] = value;
      values[field.name.toLowerCase()] = value;
    }
    return {
      field: (name: string) => (name in values ? values[name]() : undefined),
      text: () => [issue.summary, description(), comments()].join('\n'),
    };
  }
}
