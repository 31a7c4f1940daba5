import type { Readable } from 'node:stream';
import type { Version3Models } from 'jira.js';
import type { AdfDocument } from '../adf/adf.types';

/** Nest injection token for {@link JiraClient}; application code depends on the port, never on the HTTP class. */
export const JIRA_CLIENT = Symbol('JIRA_CLIENT');

/** An issue as Jira returns it; custom fields (`customfield_NNNNN`) are untyped by nature. */
export type JiraIssue = Omit<Version3Models.Issue, 'fields' | 'renderedFields' | 'names'> & {
  fields: Record<string, unknown> & Partial<Version3Models.Fields>;
  /** HTML per field id, present when `renderedFields` was expanded. */
  renderedFields?: Record<string, string | null>;
  /** Display name per field id, present when `names` was expanded. */
  names?: Record<string, string>;
};

export interface JiraSearchOptions {
  jql: string;
  /** Field ids to return. The enhanced search returns only `id` when none are given. */
  fields?: string[];
  /** e.g. `['renderedFields', 'names']`. */
  expand?: string[];
  /** Page size requested from Jira (Jira may return fewer). Default 50. */
  pageSize?: number;
  /** Issue ids whose own recent writes must be visible (read-your-writes), at most 50. */
  reconcileIssues?: number[];
}

export interface JiraGetIssueOptions {
  /** Field ids; Jira's default is all fields. */
  fields?: string[];
  /** e.g. `['renderedFields', 'names']`. */
  expand?: string[];
}

export interface JiraCreateIssueInput {
  projectKey: string;
  /** Issue type id (preferred, stable) or name. */
  issueType: { id: string } | { name: string };
  summary: string;
  description?: AdfDocument;
  labels?: string[];
  /** Further fields by id, e.g. `{ customfield_10050: 'P-1234', priority: { name: 'High' } }`. */
  fields?: Record<string, unknown>;
  /** Issue properties set atomically with the create (idempotency markers). */
  properties?: Record<string, unknown>;
}

export interface JiraCreatedIssue {
  id: string;
  key: string;
  self: string;
}

export interface JiraAttachmentUpload {
  filename: string;
  /** Streamed into the multipart body as it is read, never buffered. A factory lets the client resend it after 429/503. */
  content: Readable | Buffer | (() => Readable);
  contentType?: string;
  /** Byte length if known. */
  size?: number;
}

/** An attachment's content as it streams from Jira; destroying `stream` ends the download. */
export interface JiraAttachmentContent {
  stream: Readable;
  /** As Jira (or the media store it redirects to) declares it, e.g. `image/png`. */
  contentType?: string;
  /** Byte length, when the response states it. */
  size?: number;
}

export interface JiraRemoteLinkInput {
  /** Upsert key: an existing link with the same globalId is updated instead of duplicated. */
  globalId: string;
  url: string;
  title: string;
  summary?: string;
  /** Struck-through in Jira when true. */
  resolved?: boolean;
  relationship?: string;
  application?: { type?: string; name?: string };
}

/** One page of an issue's comments (`GET …/issue/{key}/comment`): offset paging with a total. */
export interface JiraCommentPage {
  comments: Version3Models.Comment[];
  startAt: number;
  maxResults: number;
  total: number;
}

export interface JiraCommentOptions {
  /** `['renderedBody']` adds Jira's HTML rendering of each body. */
  expand?: string[];
}

export interface JiraSearchPage {
  issues: JiraIssue[];
  nextPageToken?: string;
  names?: Record<string, string>;
}

/** The Jira operations Portico uses. Implemented over HTTP by {@link HttpJiraClient}; the simulator speaks the same wire protocol. */
export interface JiraClient {
  /** The authenticated account (`GET /rest/api/3/myself`), useful as a connection check. */
  getMyself(): Promise<Version3Models.User>;
  /** One page of the enhanced JQL search. */
  searchPage(options: JiraSearchOptions, nextPageToken?: string): Promise<JiraSearchPage>;
  /** Every issue matching the JQL, fetched page by page via `nextPageToken` as the caller iterates. */
  searchIssues(options: JiraSearchOptions): AsyncIterable<JiraIssue>;
  getIssue(issueIdOrKey: string, options?: JiraGetIssueOptions): Promise<JiraIssue>;
  listFields(): Promise<Version3Models.FieldDetails[]>;
  createIssue(input: JiraCreateIssueInput): Promise<JiraCreatedIssue>;
  addComment(
    issueIdOrKey: string,
    body: AdfDocument,
    options?: { properties?: Record<string, unknown> },
  ): Promise<Version3Models.Comment>;
  /** One page of the issue's comments, oldest first; Jira may return fewer than `maxResults`. */
  listComments(
    issueIdOrKey: string,
    page?: { startAt?: number; maxResults?: number } & JiraCommentOptions,
  ): Promise<JiraCommentPage>;
  getComment(
    issueIdOrKey: string,
    commentId: string,
    options?: JiraCommentOptions,
  ): Promise<Version3Models.Comment>;
  addAttachment(issueIdOrKey: string, file: JiraAttachmentUpload): Promise<Version3Models.Attachment[]>;
  /**
   * Streams an attachment's content: Cloud `GET /rest/api/3/attachment/content/{id}`, following Jira's 303 to
   * the media store; Data Center the file URL named by `GET /rest/api/2/attachment/{id}`. Unknown or invisible
   * attachment: {@link JiraNotFoundError}.
   */
  downloadAttachment(attachmentId: string): Promise<JiraAttachmentContent>;
  listTransitions(issueIdOrKey: string): Promise<Version3Models.IssueTransition[]>;
  transitionIssue(
    issueIdOrKey: string,
    transitionId: string,
    options?: { comment?: AdfDocument },
  ): Promise<void>;
  /** `undefined` when the property is not set. */
  getIssueProperty<T = unknown>(issueIdOrKey: string, propertyKey: string): Promise<T | undefined>;
  setIssueProperty(issueIdOrKey: string, propertyKey: string, value: unknown): Promise<void>;
  createRemoteLink(issueIdOrKey: string, link: JiraRemoteLinkInput): Promise<{ id: number; self?: string }>;
}
