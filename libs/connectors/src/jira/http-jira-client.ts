import { Readable } from 'node:stream';
import type { Version3Models } from 'jira.js';
import type { AdfDocument } from '../adf/adf.types';
import { adfToWikiMarkup } from '../adf/adf-to-wiki';
import type {
  JiraAttachmentContent,
  JiraAttachmentUpload,
  JiraClient,
  JiraCommentOptions,
  JiraCommentPage,
  JiraCreatedIssue,
  JiraCreateIssueInput,
  JiraGetIssueOptions,
  JiraIssue,
  JiraRemoteLinkInput,
  JiraSearchOptions,
  JiraSearchPage,
} from './jira-client.port';
import { JiraNotFoundError, JiraUnavailableError } from './jira-errors';
import {
  JiraHttpTransport,
  multipartBody,
  type JiraClientOptions,
  type RequestSpec,
} from './jira-http-transport';

export { parseRetryAfter, type JiraClientOptions } from './jira-http-transport';

/**
 * Jira Cloud REST v3 over the platform `fetch`. Shapes come from jira.js' models of the official OpenAPI document;
 * the transport is our own because jira.js buffers attachment streams into memory and hides `Retry-After`.
 */
export class HttpJiraClient implements JiraClient {
  private readonly http: JiraHttpTransport;
  private readonly dataCenter: boolean;
  private readonly api: string;

  constructor(options: JiraClientOptions) {
    this.http = new JiraHttpTransport(options);
    this.dataCenter = (options.deployment ?? (options.pat ? 'datacenter' : 'cloud')) === 'datacenter';
    this.api = this.dataCenter ? '/rest/api/2' : '/rest/api/3';
  }

  getMyself(): Promise<Version3Models.User> {
    return this.request({ method: 'GET', path: `${this.api}/myself` });
  }

  async searchPage(options: JiraSearchOptions, nextPageToken?: string): Promise<JiraSearchPage> {
    if (this.dataCenter) return this.offsetSearchPage(options, nextPageToken);
    // POST keeps long scoped JQL and field lists out of the URL.
    const page = await this.request<Version3Models.SearchAndReconcileResults & { isLast?: boolean }>({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      json: {
        jql: options.jql,
        fields: options.fields ?? ['id'],
        expand: options.expand?.join(','),
        maxResults: options.pageSize ?? 50,
        nextPageToken,
        reconcileIssues: options.reconcileIssues,
      },
      idempotent: true,
    });
    return {
      issues: (page.issues ?? []) as JiraIssue[],
      nextPageToken: page.isLast ? undefined : (page.nextPageToken ?? undefined),
      names: page.names as Record<string, string> | undefined,
    };
  }

  /** Data Center has only the offset search; the offset travels as the page token. */
  private async offsetSearchPage(
    options: JiraSearchOptions,
    nextPageToken?: string,
  ): Promise<JiraSearchPage> {
    const startAt = nextPageToken ? Number(nextPageToken) : 0;
    if (!Number.isInteger(startAt) || startAt < 0) throw new Error(`invalid page token ${nextPageToken}`);
    const page = await this.request<{
      issues?: JiraIssue[];
      startAt?: number;
      total?: number;
      names?: Record<string, string>;
    }>({
      method: 'POST',
      path: `${this.api}/search`,
      json: {
        jql: options.jql,
        startAt,
        maxResults: options.pageSize ?? 50,
        fields: options.fields ?? ['id'],
        expand: options.expand,
      },
      idempotent: true,
    });
    const issues = page.issues ?? [];
    const next = startAt + issues.length;
    return {
      issues,
      nextPageToken: issues.length > 0 && next < (page.total ?? 0) ? String(next) : undefined,
      names: page.names,
    };
  }

  /** Data Center stores rich text as wiki markup. */
  private richText(document: AdfDocument): AdfDocument | string {
    return this.dataCenter ? adfToWikiMarkup(document) : document;
  }

  async *searchIssues(options: JiraSearchOptions): AsyncIterable<JiraIssue> {
    let token: string | undefined;
    do {
      const page = await this.searchPage(options, token);
      yield* page.issues;
      token = page.nextPageToken;
    } while (token);
  }

  getIssue(issueIdOrKey: string, options: JiraGetIssueOptions = {}): Promise<JiraIssue> {
    return this.request({
      method: 'GET',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}`,
      query: { fields: options.fields?.join(','), expand: options.expand?.join(',') },
    });
  }

  listFields(): Promise<Version3Models.FieldDetails[]> {
    return this.request({ method: 'GET', path: `${this.api}/field` });
  }

  createIssue(input: JiraCreateIssueInput): Promise<JiraCreatedIssue> {
    return this.request({
      method: 'POST',
      path: `${this.api}/issue`,
      json: {
        fields: {
          ...input.fields,
          project: { key: input.projectKey },
          issuetype: input.issueType,
          summary: input.summary,
          ...(input.description ? { description: this.richText(input.description) } : {}),
          ...(input.labels ? { labels: input.labels } : {}),
        },
        properties: input.properties
          ? Object.entries(input.properties).map(([key, value]) => ({ key, value }))
          : undefined,
      },
    });
  }

  addComment(
    issueIdOrKey: string,
    body: AdfDocument,
    options: { properties?: Record<string, unknown> } = {},
  ): Promise<Version3Models.Comment> {
    return this.request({
      method: 'POST',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/comment`,
      json: {
        body: this.richText(body),
        properties: options.properties
          ? Object.entries(options.properties).map(([key, value]) => ({ key, value }))
          : undefined,
      },
    });
  }

  listComments(
    issueIdOrKey: string,
    page: { startAt?: number; maxResults?: number } & JiraCommentOptions = {},
  ): Promise<JiraCommentPage> {
    return this.request({
      method: 'GET',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/comment`,
      query: {
        startAt: page.startAt ?? 0,
        maxResults: page.maxResults,
        orderBy: 'created',
        expand: page.expand?.join(','),
      },
    });
  }

  getComment(
    issueIdOrKey: string,
    commentId: string,
    options: JiraCommentOptions = {},
  ): Promise<Version3Models.Comment> {
    return this.request({
      method: 'GET',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/comment/${encodeURIComponent(commentId)}`,
      query: { expand: options.expand?.join(',') },
    });
  }

  addAttachment(issueIdOrKey: string, file: JiraAttachmentUpload): Promise<Version3Models.Attachment[]> {
    const bodyRebuildable = Buffer.isBuffer(file.content) || typeof file.content === 'function';
    return this.request({
      method: 'POST',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/attachments`,
      // Without it Jira's XSRF protection rejects multipart posts.
      headers: { 'X-Atlassian-Token': 'no-check' },
      body: () => multipartBody(file),
      bodyRebuildable,
    });
  }

  async downloadAttachment(attachmentId: string): Promise<JiraAttachmentContent> {
    // Ids are numeric; anything else would only be another path on the Jira site.
    if (!/^[0-9]{1,18}$/.test(attachmentId))
      throw new JiraNotFoundError(`Jira attachment ${attachmentId} does not exist`);
    // Cloud answers 303 to a short-lived media URL; fetch follows it and drops our credentials when it
    // leaves the Jira origin (Fetch standard), as the media URL carries its own token.
    const path = this.dataCenter
      ? await this.dataCenterAttachmentPath(attachmentId)
      : `${this.api}/attachment/content/${attachmentId}`;
    const response = await this.http.exchange({
      method: 'GET',
      path,
      headers: { Accept: '*/*' },
      stream: true,
    });
    if (!response.body) throw new JiraUnavailableError(`Jira attachment ${attachmentId} came without a body`);
    const length = response.headers.get('content-length');
    return {
      stream: Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]),
      contentType: response.headers.get('content-type') ?? undefined,
      // fetch decodes a compressed body, after which the stated length no longer holds.
      size:
        length !== null && /^[0-9]+$/.test(length) && !response.headers.has('content-encoding')
          ? Number(length)
          : undefined,
    };
  }

  /** Data Center has no attachment/content operation: the metadata names the file's URL on the site. */
  private async dataCenterAttachmentPath(attachmentId: string): Promise<string> {
    const metadata = await this.request<{ content?: string }>({
      method: 'GET',
      path: `${this.api}/attachment/${attachmentId}`,
    });
    const content = metadata?.content ?? '';
    // Our token goes to our Jira site only.
    if (!content.startsWith(`${this.http.baseUrl}/`))
      throw new JiraUnavailableError(
        `Jira attachment ${attachmentId} points outside the Jira site: ${content}`,
      );
    return content.slice(this.http.baseUrl.length);
  }

  async listTransitions(issueIdOrKey: string): Promise<Version3Models.IssueTransition[]> {
    const result = await this.request<Version3Models.Transitions>({
      method: 'GET',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/transitions`,
    });
    return result.transitions ?? [];
  }

  async transitionIssue(
    issueIdOrKey: string,
    transitionId: string,
    options: { comment?: AdfDocument } = {},
  ): Promise<void> {
    await this.request({
      method: 'POST',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/transitions`,
      json: {
        transition: { id: transitionId },
        ...(options.comment
          ? { update: { comment: [{ add: { body: this.richText(options.comment) } }] } }
          : {}),
      },
    });
  }

  async getIssueProperty<T = unknown>(issueIdOrKey: string, propertyKey: string): Promise<T | undefined> {
    try {
      const property = await this.request<{ key: string; value: T }>({
        method: 'GET',
        path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/properties/${encodeURIComponent(propertyKey)}`,
      });
      return property.value;
    } catch (error) {
      // Jira answers 404 both for an unset property and for an unknown issue; only the former means "not set".
      if (
        error instanceof JiraNotFoundError &&
        !error.errorMessages.some((m) => /issue does not exist/i.test(m))
      )
        return undefined;
      throw error;
    }
  }

  async setIssueProperty(issueIdOrKey: string, propertyKey: string, value: unknown): Promise<void> {
    await this.request({
      method: 'PUT',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/properties/${encodeURIComponent(propertyKey)}`,
      json: value,
    });
  }

  createRemoteLink(issueIdOrKey: string, link: JiraRemoteLinkInput): Promise<{ id: number; self?: string }> {
    return this.request({
      method: 'POST',
      path: `${this.api}/issue/${encodeURIComponent(issueIdOrKey)}/remotelink`,
      json: {
        globalId: link.globalId,
        application: link.application,
        relationship: link.relationship,
        object: {
          url: link.url,
          title: link.title,
          summary: link.summary,
          ...(link.resolved === undefined ? {} : { status: { resolved: link.resolved } }),
        },
      },
      // Upsert by globalId makes a repeated create harmless.
      idempotent: true,
    });
  }
  private request<T>(spec: RequestSpec): Promise<T> {
    return this.http.request<T>(spec);
  }
}

/** Builds the real client from configuration alone (no Nest needed), e.g. from AppConfig's JIRA_* values. */
export function createJiraClient(options: JiraClientOptions): JiraClient {
  return new HttpJiraClient(options);
}
