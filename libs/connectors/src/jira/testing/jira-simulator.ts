import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname } from 'node:path';
import type { AdfDocument } from '../../adf/adf.types';
import { adfToHtml, adfToText } from '../../adf/adf-to-html';
import { adfToWikiMarkup } from '../../adf/adf-to-wiki';
import { isAdfDocument, textToAdf } from '../../adf/text-to-adf';
import { signJiraWebhook } from '../jira-webhook';
import { evaluateJql, issueKeysNamed, JqlError, parseJql, type JqlQuery, type JqlSubject } from './jql';
import {
  CUSTOM_FIELDS,
  emptyState,
  ISSUE_TYPES,
  PEOPLE,
  PRIORITIES,
  PROJECTS,
  seedState,
  STATUSES,
  TRANSITIONS,
  type SimComment,
  type SimIssue,
  type SimState,
  type SimUser,
} from './jira-simulator-state';
import {
  describeViolation,
  OpenApiRequestValidator,
  type MatchedOperation,
} from './openapi-request-validator';

export interface JiraSimulatorOptions {
  /** 0 or unset: a free port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Basic auth (Cloud) accepts exactly this email ... */
  email: string;
  /** ... with exactly this API token. */
  apiToken: string;
  /** Bearer auth (Data Center PAT) accepts this token when given. */
  pat?: string;
  /** Secret for the `X-Hub-Signature` of outgoing webhooks. */
  webhookSecret: string;
  /** Where webhooks go; none are sent while unset. Changeable via `control.setWebhookUrl`. */
  webhookUrl?: string;
  /** The webhook's JQL filter, as registered in Jira's admin screen: only matching issues fire. Default: all. */
  webhookJql?: string;
  /** JSON file the state is loaded from and saved to after every change (the demo's `.data/jira-simulator.json`). */
  dataFile?: string;
  /** Seed the demo project HW when starting without a data file. Default true. */
  seed?: boolean;
  /** Waits between webhook re-deliveries after a failed attempt. Default [1000, 5000, 15000]. */
  webhookRetryDelaysMs?: number[];
  /**
   * Every account's time zone (IANA), as Jira reports it in user JSON and reads absolute JQL dates in
   * ("2026-11-25 10:00" means 10:00 there). Default Asia/Shanghai.
   */
  timeZone?: string;
  /** Largest accepted attachment in bytes (413 above). Default 50 MiB. */
  maxAttachmentBytes?: number;
  /**
   * Jira's search index lags behind writes. A new issue stays invisible to JQL search for this long unless its id
   * is passed in `reconcileIssues`, which is how code that searches for its own markers must be written. Default 0.
   */
  searchLagMs?: number;
  /**
   * Check every JSON response against the official document's response schema and answer 500 on a mismatch.
   * Contract tests turn it on so the simulator cannot drift from what real Jira returns.
   */
  checkResponses?: boolean;
  /**
   * `cloud` (default) serves REST v3 with ADF rich text; `datacenter` serves REST v2 as Jira Data Center does:
   * wiki-markup strings instead of ADF, the offset-paged `/rest/api/2/search`, and no `/rest/api/3` at all.
   */
  deployment?: 'cloud' | 'datacenter';
}

export interface JiraSimulator {
  /** Base URL to configure as JIRA_BASE_URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Control surface, also reachable over HTTP under `<url>/_sim/`. */
  control: JiraSimulatorControl;
  stop(): Promise<void>;
}

/** Fault injected into requests matching `route` ("METHOD /rest/api/3/path/{template}" or "*"). */
export interface JiraFault {
  route: string;
  /** Answer with this status instead of handling the request. */
  status?: number;
  /** Sent as `Retry-After` with `status`. */
  retryAfterSeconds?: number;
  /** Delay before answering. */
  latencyMs?: number;
  /** Never answer (the client's timeout must fire). */
  timeout?: boolean;
  /** Probability (0..1) that a matching request is affected. Default 1. */
  rate?: number;
  /** Affect only this many matching requests, then expire. */
  times?: number;
}

export interface JiraWebhookFault {
  /** Probability (0..1) of not sending a webhook at all. */
  dropRate?: number;
  /** Send every webhook twice with the same delivery id, as Jira's retries may. */
  duplicate?: boolean;
  /** Affect only this many webhooks, then expire. */
  times?: number;
}

export interface RecordedCall {
  seq: number;
  at: string;
  method: string;
  path: string;
  operationId?: string;
  status: number;
  /** JSON request body; for attachments `{ files: [{ filename, size, mimeType }] }`. */
  body?: unknown;
}

export interface WebhookDelivery {
  deliveryId: string;
  event: string;
  attempt: number;
  status?: number;
  error?: string;
  dropped?: boolean;
}

/** Most comments one page of `GET …/comment` holds, whatever `maxResults` asks for. */
export const MAX_COMMENTS_PAGE = 100;
const REMOVED_SEARCH_MESSAGE =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[] = [],
    readonly errors: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(errorMessages.join('; ') || `HTTP ${status}`);
  }
}

const notFound = () => new HttpError(404, ['Issue does not exist or you do not have permission to see it.']);
const jiraTime = (iso: string) => iso.replace('Z', '+0000');

function issueNumber(key: string): number {
  return Number(key.split('-')[1]);
}

/** State, faults and recordings of one simulator; every mutation here behaves as if a Jira user made it in the UI. */
export class JiraSimulatorControl {
  readonly calls: RecordedCall[] = [];
  readonly webhookDeliveries: WebhookDelivery[] = [];
  private faults: JiraFault[] = [];
  private webhookFault: JiraWebhookFault | undefined;
  private readonly pending = new Set<Promise<void>>();
  private seq = 0;
  private persistTimer: NodeJS.Timeout | undefined;
  /** Issue id -> time from which search sees it (see `searchLagMs`); not persisted, like an index rebuild. */
  private readonly searchableFrom = new Map<string, number>();
  baseUrl = '';
  searchLagMs: number;
  /** The accounts' time zone: user JSON reports it, absolute JQL dates are read in it. */
  readonly timeZone: string;

  constructor(
    public state: SimState,
    readonly apiUser: SimUser,
    private readonly options: JiraSimulatorOptions,
    private webhookUrl: string | undefined,
  ) {
    this.searchLagMs = options.searchLagMs ?? 0;
    this.timeZone = options.timeZone ?? 'Asia/Shanghai';
    this.setWebhookJql(options.webhookJql);
  }

  /** Whether the (lagging) search index has caught up with this issue. */
  searchable(issue: SimIssue, reconcileIssueIds: number[] = []): boolean {
    const from = this.searchableFrom.get(issue.id);
    return from === undefined || from <= Date.now() || reconcileIssueIds.includes(Number(issue.id));
  }

  // ---- inspection -------------------------------------------------------------------------------------------

  /** Recorded API calls, optionally only those of one operation (e.g. `createIssue`, `addComment`, `addAttachment`). */
  recordedCalls(operationId?: string): RecordedCall[] {
    return operationId ? this.calls.filter((call) => call.operationId === operationId) : [...this.calls];
  }

  clearRecordedCalls(): void {
    this.calls.length = 0;
    this.webhookDeliveries.length = 0;
  }

  findIssue(idOrKey: string): SimIssue | undefined {
    const upper = idOrKey.toUpperCase();
    return this.state.issues.find((issue) => issue.id === idOrKey || issue.key === upper);
  }

  issue(idOrKey: string): SimIssue {
    const issue = this.findIssue(idOrKey);
    if (!issue) throw notFound();
    return issue;
  }

  // ---- faults -----------------------------------------------------------------------------------------------

  injectFault(fault: JiraFault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults = [];
    this.webhookFault = undefined;
  }

  injectWebhookFault(fault: JiraWebhookFault): void {
    this.webhookFault = { ...fault };
  }

  /** The fault that applies to this request, consuming one of its `times`. */
  takeFault(method: string, template: string | undefined, path: string): JiraFault | undefined {
    const route = `${method} ${template ?? path}`;
    const fault = this.faults.find(
      (f) => f.route === '*' || f.route === route || f.route === `${method} ${path}`,
    );
    if (!fault || Math.random() >= (fault.rate ?? 1)) return undefined;
    if (fault.times !== undefined && --fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  setWebhookUrl(url: string | undefined): void {
    this.webhookUrl = url;
  }

  private webhookFilter: JqlQuery | undefined;

  /** Changes the webhook's JQL filter (undefined: every issue); 400 for JQL Jira would refuse. */
  setWebhookJql(jql: string | undefined): void {
    try {
      this.webhookFilter = jql ? parseJql(jql) : undefined;
    } catch (error) {
      if (error instanceof JqlError) throw new HttpError(400, [error.message]);
      throw error;
    }
  }

  private webhookMatches(issue: SimIssue): boolean {
    if (!this.webhookFilter) return true;
    try {
      return evaluateJql(this.webhookFilter.where, this.jqlSubject(issue), Date.now(), this.timeZone);
    } catch {
      return false; // a filter naming an unknown field matches nothing, as in Jira
    }
  }

  /** Resolves once every webhook sent so far (including re-deliveries) has settled. */
  async flushWebhooks(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  record(call: Omit<RecordedCall, 'seq' | 'at'>): void {
    this.calls.push({ seq: ++this.seq, at: new Date().toISOString(), ...call });
    if (this.calls.length > 10_000) this.calls.shift();
  }

  // ---- mutations (as a Jira user would make them) -----------------------------------------------------------

  /** Edits fields (`summary`, `description` (ADF or text), `labels`, `priority` name, custom field ids) and fires `jira:issue_updated`. */
  editIssue(idOrKey: string, fields: Record<string, unknown>, actor: SimUser = PEOPLE[0]): SimIssue {
    const issue = this.issue(idOrKey);
    const edits =
      typeof fields.description === 'string'
        ? { ...fields, description: textToAdf(fields.description) }
        : fields;
    const items = this.applyFields(issue, edits, false);
    this.touch(issue);
    this.fireIssueEvent('jira:issue_updated', issue, actor, 'issue_updated', items);
    return issue;
  }

  /**
   * Deletes the issue as a Jira user would, with its comments and attachments: it is gone for reads (404)
   * and searches, and a search naming its key is refused (400). Fires `jira:issue_deleted`.
   */
  deleteIssue(idOrKey: string, actor: SimUser = PEOPLE[0]): void {
    const issue = this.issue(idOrKey);
    this.sendWebhook('jira:issue_deleted', issue, () => ({
      timestamp: Date.now(),
      webhookEvent: 'jira:issue_deleted',
      user: this.userJson(actor),
      issue: this.issueJson(issue, { fields: ['*all'] }),
    }));
    this.state.issues.splice(this.state.issues.indexOf(issue), 1);
    this.persist();
  }

  /** Moves the issue to the status with this name or transition id and fires `jira:issue_updated` with a status changelog. */
  transitionIssue(idOrKey: string, statusNameOrTransitionId: string, actor: SimUser = PEOPLE[0]): SimIssue {
    const issue = this.issue(idOrKey);
    const wanted = statusNameOrTransitionId.toLowerCase();
    const transition = TRANSITIONS.find(
      (t) =>
        t.id === statusNameOrTransitionId ||
        STATUSES.find((s) => s.id === t.toStatusId)!.name.toLowerCase() === wanted,
    );
    if (!transition)
      throw new HttpError(400, [`Transition '${statusNameOrTransitionId}' is not valid for this issue.`]);
    this.applyTransition(issue, transition.id, actor);
    return issue;
  }

  /** Adds a comment (plain text or ADF) and fires `comment_created` and `jira:issue_updated` (issue_commented). */
  addComment(
    idOrKey: string,
    body: string | AdfDocument,
    options: {
      author?: SimUser;
      visibility?: SimComment['visibility'];
      properties?: Record<string, unknown>;
    } = {},
  ): SimComment {
    const issue = this.issue(idOrKey);
    const now = new Date().toISOString();
    const comment: SimComment = {
      id: String(this.state.nextCommentId++),
      author: options.author ?? PEOPLE[0],
      body: typeof body === 'string' ? textToAdf(body) : body,
      created: now,
      updated: now,
      ...(options.visibility ? { visibility: options.visibility } : {}),
      properties: options.properties ?? {},
    };
    issue.comments.push(comment);
    this.touch(issue);
    this.fireCommentEvents(issue, comment);
    return comment;
  }

  /** Edits a comment's body (and visibility, when given) and fires `comment_updated`. */
  editComment(
    idOrKey: string,
    commentId: string,
    body: string | AdfDocument,
    options: { visibility?: SimComment['visibility'] | null } = {},
  ): SimComment {
    const issue = this.issue(idOrKey);
    const comment = this.comment(issue, commentId);
    comment.body = typeof body === 'string' ? textToAdf(body) : body;
    comment.updated = new Date().toISOString();
    if (options.visibility === null) delete comment.visibility;
    else if (options.visibility) comment.visibility = options.visibility;
    this.touch(issue);
    this.fireCommentEvent('comment_updated', issue, comment);
    return comment;
  }

  /** Deletes a comment and fires `comment_deleted`. */
  deleteComment(idOrKey: string, commentId: string): void {
    const issue = this.issue(idOrKey);
    const comment = this.comment(issue, commentId);
    issue.comments = issue.comments.filter((c) => c !== comment);
    this.touch(issue);
    this.fireCommentEvent('comment_deleted', issue, comment);
  }

  comment(issue: SimIssue, commentId: string): SimComment {
    const comment = issue.comments.find((c) => c.id === String(commentId));
    if (!comment) throw new HttpError(404, ['Can not find a comment for the id: ' + commentId + '.']);
    return comment;
  }

  /** Creates an issue as a Jira user would (fires `jira:issue_created`). */
  createIssue(
    input: {
      summary: string;
      issueType?: string;
      description?: string | AdfDocument;
      labels?: string[];
      fields?: Record<string, unknown>;
    },
    actor: SimUser = PEOPLE[0],
  ): SimIssue {
    const type =
      ISSUE_TYPES.find((t) => t.name.toLowerCase() === (input.issueType ?? 'Task').toLowerCase()) ??
      ISSUE_TYPES[0];
    return this.insertIssue(
      {
        project: { key: 'HW' },
        issuetype: { id: type.id },
        summary: input.summary,
        ...(input.description
          ? {
              description:
                typeof input.description === 'string' ? textToAdf(input.description) : input.description,
            }
          : {}),
        ...(input.labels ? { labels: input.labels } : {}),
        ...input.fields,
      },
      {},
      actor,
    );
  }

  insertIssue(
    fields: Record<string, unknown>,
    properties: Record<string, unknown>,
    actor: SimUser,
  ): SimIssue {
    const errors: Record<string, string> = {};
    const projectRef = fields.project as { key?: string; id?: string } | undefined;
    const project = PROJECTS.find((p) => p.key === projectRef?.key || p.id === projectRef?.id);
    if (!project) errors.project = 'valid project is required';
    const typeRef = fields.issuetype as { id?: string; name?: string } | undefined;
    const type = ISSUE_TYPES.find(
      (t) => t.id === typeRef?.id || (typeRef?.name && t.name.toLowerCase() === typeRef.name.toLowerCase()),
    );
    // As Jira: nothing named → "Specify an issue type"; a name or id the project does not have → invalid.
    if (!type)
      errors.issuetype =
        typeRef?.id || typeRef?.name ? 'The issue type selected is invalid.' : 'Specify an issue type';
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '')
      errors.summary = 'You must specify a summary of the issue.';
    const now = new Date().toISOString();
    const projectKey = project?.key ?? 'HW';
    const number = this.state.nextNumber[projectKey] ?? 1;
    const issue: SimIssue = {
      id: String(this.state.nextIssueId),
      key: `${projectKey}-${number}`,
      projectKey,
      issueTypeId: type?.id ?? '',
      statusId: STATUSES[0].id,
      priorityId: '3',
      summary: '',
      description: null,
      labels: [],
      reporter: actor,
      assignee: null,
      created: now,
      updated: now,
      custom: {},
      comments: [],
      attachments: [],
      properties: {},
      remoteLinks: [],
    };
    const rest = { ...fields };
    delete rest.project;
    delete rest.issuetype;
    // Jira reports every bad field of a create at once, not just the first.
    try {
      this.applyFields(issue, rest, true);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      Object.assign(errors, error.errors);
    }
    if (Object.keys(errors).length > 0) throw new HttpError(400, [], errors);
    this.state.nextIssueId++;
    this.state.nextNumber[projectKey] = number + 1;
    Object.assign(issue.properties, properties);
    this.state.issues.push(issue);
    if (this.searchLagMs > 0) this.searchableFrom.set(issue.id, Date.now() + this.searchLagMs);
    this.persist();
    this.fireIssueEvent('jira:issue_created', issue, actor, 'issue_created');
    return issue;
  }

  /** Validates and applies settable fields the way Jira's edit screen does; returns changelog items. */
  applyFields(issue: SimIssue, fields: Record<string, unknown>, creating: boolean) {
    const errors: Record<string, string> = {};
    const items: {
      field: string;
      fieldId: string;
      from: string | null;
      fromString: string | null;
      to: string | null;
      toString: string | null;
    }[] = [];
    const change = (
      fieldId: string,
      from: string | null,
      to: string | null,
      fromString = from,
      toString = to,
    ) => items.push({ field: fieldId, fieldId, from, fromString, to, toString });
    for (const [id, value] of Object.entries(fields)) {
      switch (id) {
        case 'summary':
          if (typeof value !== 'string' || value.trim() === '')
            errors.summary = 'You must specify a summary of the issue.';
          else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
          else {
            change('summary', null, null, issue.summary, value);
            issue.summary = value;
          }
          break;
        case 'description':
          if (value !== null && !isAdfDocument(value))
            errors.description =
              'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
          else {
            change('description', null, null, adfToText(issue.description), adfToText(value));
            issue.description = value;
          }
          break;
        case 'labels':
          if (
            !Array.isArray(value) ||
            value.some((label) => typeof label !== 'string' || /\s/.test(label) || label === '')
          )
            errors.labels = 'The label must not contain spaces.';
          else {
            change('labels', null, null, issue.labels.join(' '), value.join(' '));
            issue.labels = [...value] as string[];
          }
          break;
        case 'priority': {
          const ref = value as { id?: string; name?: string } | null;
          const priority = PRIORITIES.find((p) => p.id === ref?.id || p.name === ref?.name);
          if (!priority) errors.priority = `Priority name '${ref?.name ?? ref?.id}' is not valid`;
          else {
            change(
              'priority',
              issue.priorityId,
              priority.id,
              PRIORITIES.find((p) => p.id === issue.priorityId)?.name ?? null,
              priority.name,
            );
            issue.priorityId = priority.id;
          }
          break;
        }
        case 'assignee': {
          const ref = value as { accountId?: string } | null;
          const user =
            ref === null ? null : [this.apiUser, ...PEOPLE].find((p) => p.accountId === ref?.accountId);
          if (user === undefined) errors.assignee = `User '${ref?.accountId}' cannot be assigned issues.`;
          else {
            change(
              'assignee',
              issue.assignee?.accountId ?? null,
              user?.accountId ?? null,
              issue.assignee?.displayName ?? null,
              user?.displayName ?? null,
            );
            issue.assignee = user;
          }
          break;
        }
        case 'duedate':
        case CUSTOM_FIELDS.supplierDueDate.id:
          if (value !== null && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)))
            errors[id] = "Error parsing date string: the date must be in the format 'yyyy-MM-dd'.";
          else if (id === 'duedate') {
            change(id, issue.duedate ?? null, value as string | null);
            issue.duedate = value as string | null;
          } else {
            change(id, null, null, (issue.custom[id] as string) ?? null, value as string | null);
            issue.custom[id] = value;
          }
          break;
        case CUSTOM_FIELDS.partNumber.id:
          if (value !== null && typeof value !== 'string') errors[id] = 'Operation value must be a string';
          else if (typeof value === 'string' && value.length > 255)
            errors[id] = 'Text must be less than 255 characters.';
          else {
            change(id, null, null, (issue.custom[id] as string) ?? null, value as string | null);
            issue.custom[id] = value;
          }
          break;
        default:
          errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
      }
    }
    if (Object.keys(errors).length > 0) throw new HttpError(400, [], errors);
    if (creating && !issue.summary)
      throw new HttpError(400, [], { summary: 'You must specify a summary of the issue.' });
    return items;
  }

  applyTransition(issue: SimIssue, transitionId: string, actor: SimUser, comment?: AdfDocument): void {
    const transition = TRANSITIONS.find((t) => t.id === transitionId && t.toStatusId !== issue.statusId);
    if (!transition)
      throw new HttpError(400, [`Transition id '${transitionId}' is not valid for this issue.`]);
    const from = STATUSES.find((s) => s.id === issue.statusId)!;
    const to = STATUSES.find((s) => s.id === transition.toStatusId)!;
    issue.statusId = to.id;
    this.touch(issue);
    if (comment) {
      const now = new Date().toISOString();
      issue.comments.push({
        id: String(this.state.nextCommentId++),
        author: actor,
        body: comment,
        created: now,
        updated: now,
        properties: {},
      });
    }
    this.fireIssueEvent('jira:issue_updated', issue, actor, 'issue_generic', [
      {
        field: 'status',
        fieldId: 'status',
        from: from.id,
        fromString: from.name,
        to: to.id,
        toString: to.name,
      },
    ]);
  }

  touch(issue: SimIssue): void {
    // Strictly increasing, so `updated >= x` reconciliation never misses a change made in the same millisecond.
    const now = Math.max(Date.now(), Date.parse(issue.updated) + 1);
    issue.updated = new Date(now).toISOString();
    this.persist();
  }

  /** Schedules a save; bursts of writes (benchmarks, bulk syncs) cost one file write, not one each. */
  persist(): void {
    if (!this.options.dataFile || this.persistTimer) return;
    this.persistTimer = setTimeout(() => this.flushState(), 200);
    this.persistTimer.unref();
  }

  /** Writes the state file now (atomically, via rename). */
  flushState(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    if (!this.options.dataFile) return;
    mkdirSync(dirname(this.options.dataFile), { recursive: true });
    const temporary = `${this.options.dataFile}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.options.dataFile);
  }

  // ---- webhooks ---------------------------------------------------------------------------------------------

  fireIssueEvent(
    event: 'jira:issue_created' | 'jira:issue_updated',
    issue: SimIssue,
    actor: SimUser,
    typeName: string,
    items?: unknown[],
    comment?: SimComment,
  ): void {
    this.sendWebhook(event, issue, () => ({
      timestamp: Date.now(),
      webhookEvent: event,
      issue_event_type_name: typeName,
      user: this.userJson(actor),
      issue: this.issueJson(issue, { fields: ['*all'] }),
      ...(items ? { changelog: { id: String(Date.now()), items } } : {}),
      ...(comment ? { comment: this.commentJson(issue, comment) } : {}),
    }));
  }

  fireCommentEvents(issue: SimIssue, comment: SimComment): void {
    this.fireCommentEvent('comment_created', issue, comment);
    this.fireIssueEvent('jira:issue_updated', issue, comment.author, 'issue_commented', undefined, comment);
  }

  fireCommentEvent(
    event: 'comment_created' | 'comment_updated' | 'comment_deleted',
    issue: SimIssue,
    comment: SimComment,
  ): void {
    this.sendWebhook(event, issue, () => ({
      timestamp: Date.now(),
      webhookEvent: event,
      comment: this.commentJson(issue, comment),
      issue: {
        id: issue.id,
        key: issue.key,
        self: `${this.baseUrl}/rest/api/3/issue/${issue.id}`,
        fields: { summary: issue.summary },
      },
    }));
  }

  /** The payload is built only when someone listens: serialising a busy issue is the costliest part. */
  private sendWebhook(event: string, issue: SimIssue, payload: () => Record<string, unknown>): void {
    const url = this.webhookUrl;
    if (!url || !this.webhookMatches(issue)) return;
    const deliveryId = randomUUID();
    const fault = this.webhookFault;
    if (fault && fault.times !== undefined && --fault.times < 0) this.webhookFault = undefined;
    const active = this.webhookFault === fault ? fault : undefined;
    if (active?.dropRate && Math.random() < active.dropRate) {
      this.webhookDeliveries.push({ deliveryId, event, attempt: 0, dropped: true });
      return;
    }
    const body = JSON.stringify(payload());
    const copies = active?.duplicate ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const delivery = this.deliver(url, deliveryId, event, body);
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  private async deliver(url: string, deliveryId: string, event: string, body: string): Promise<void> {
    const delays = this.options.webhookRetryDelaysMs ?? [1000, 5000, 15000];
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      const record: WebhookDelivery = { deliveryId, event, attempt };
      this.webhookDeliveries.push(record);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'Atlassian Webhook HTTP Client',
            'X-Atlassian-Webhook-Identifier': deliveryId,
            'X-Atlassian-Webhook-Flow': 'Primary',
            'X-Hub-Signature': signJiraWebhook(this.options.webhookSecret, body),
            ...(attempt > 0 ? { 'X-Atlassian-Webhook-Retry': String(attempt) } : {}),
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        record.status = response.status;
        await response.arrayBuffer().catch(() => undefined);
        // Jira retries on these; anything else counts as delivered (or permanently refused).
        if (![408, 409, 425, 429].includes(response.status) && response.status < 500) return;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      if (attempt < delays.length) await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
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

function fieldName(id: string): string {
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

function fieldCatalogue() {
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

// ---- search -------------------------------------------------------------------------------------------------

interface PageToken {
  offset: number;
  jql: string;
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(value: string, jql: string): PageToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as PageToken;
    if (typeof token.offset === 'number' && token.jql === jql) return token;
  } catch {
    // fall through
  }
  throw new HttpError(400, ['The provided next page token is invalid or expired.']);
}

function compareIssues(query: JqlQuery, control: JiraSimulatorControl) {
  const order = query.orderBy.length ? query.orderBy : [{ field: 'created', direction: 'desc' as const }];
  return (a: SimIssue, b: SimIssue): number => {
    for (const { field, direction } of order) {
      const sign = direction === 'desc' ? -1 : 1;
      let left: string | number;
      let right: string | number;
      if (field === 'key' || field === 'issuekey' || field === 'id') {
        left = issueNumber(a.key);
        right = issueNumber(b.key);
      } else if (field === 'priority') {
        // Priority sorts by rank (Highest has the lowest id), so ORDER BY priority DESC lists Highest first.
        left = -Number(a.priorityId);
        right = -Number(b.priorityId);
      } else {
        const l = control.jqlSubject(a).field(field);
        const r = control.jqlSubject(b).field(field);
        if (l === undefined)
          throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
        left = String(Array.isArray(l) ? l[0] : (l ?? ''));
        right = String(Array.isArray(r) ? r[0] : (r ?? ''));
      }
      if (left < right) return -sign;
      if (left > right) return sign;
    }
    return issueNumber(b.key) - issueNumber(a.key);
  };
}

interface SearchInput {
  jql?: string;
  nextPageToken?: string;
  startAt?: number;
  maxResults?: number;
  fields?: string[];
  expand?: string | string[];
  properties?: string[];
  reconcileIssues?: number[];
}

function findIssues(control: JiraSimulatorControl, input: SearchInput, allowUnbounded: boolean) {
  const jql = (input.jql ?? '').trim();
  if ((input.reconcileIssues?.length ?? 0) > 50)
    throw new HttpError(400, [], { reconcileIssues: 'At most 50 issue ids can be reconciled.' });
  if ((input.properties?.length ?? 0) > 5)
    throw new HttpError(400, [], { properties: 'At most 5 issue property keys can be requested.' });
  try {
    const query = parseJql(jql);
    if (!query.where && !allowUnbounded)
      throw new HttpError(400, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    const unknown = issueKeysNamed(query.where).find(({ key }) => !control.findIssue(key));
    if (unknown)
      throw new HttpError(400, [
        `An issue with key '${unknown.key}' does not exist for field '${unknown.field}'.`,
      ]);
    const matches = control.state.issues
      .filter((issue) => control.searchable(issue, input.reconcileIssues))
      .filter((issue) => evaluateJql(query.where, control.jqlSubject(issue), Date.now(), control.timeZone))
      .sort(compareIssues(query, control));
    const fields = input.fields?.length ? input.fields : ['id'];
    const expand = (Array.isArray(input.expand) ? input.expand : (input.expand ?? '').split(','))
      .map((e) => e.trim())
      .filter(Boolean);
    const render = (issue: SimIssue) =>
      fields.length === 1 && fields[0] === 'id' && !expand.length
        ? { id: issue.id }
        : control.issueJson(issue, {
            fields: fields.filter((f) => f !== 'id' && f !== 'key'),
            expand,
            properties: input.properties,
          });
    const names = expand.includes('names')
      ? { names: Object.fromEntries(fieldCatalogue().map((f) => [f.id, f.name])) }
      : {};
    return { jql, matches, fields, render, names };
  } catch (error) {
    if (error instanceof JqlError) throw new HttpError(400, [error.message]);
    throw error;
  }
}

/** Cloud's enhanced search: opaque `nextPageToken`, no total. */
function search(control: JiraSimulatorControl, input: SearchInput) {
  const { jql, matches, fields, render, names } = findIssues(control, input, false);
  const idsOnly = fields.every((f) => f === 'id' || f === 'key');
  const pageSize = Math.min(Math.max(input.maxResults ?? 50, 1), idsOnly ? 5000 : 100);
  const offset = input.nextPageToken ? decodeToken(input.nextPageToken, jql).offset : 0;
  const more = offset + pageSize < matches.length;
  return {
    issues: matches.slice(offset, offset + pageSize).map(render),
    ...(more ? { nextPageToken: encodeToken({ offset: offset + pageSize, jql }) } : {}),
    isLast: !more,
    ...names,
  };
}

/** Data Center's (and formerly Cloud's) offset search: `startAt`, `maxResults`, `total`. */
function offsetSearch(control: JiraSimulatorControl, input: SearchInput) {
  const { matches, render, names } = findIssues(
    control,
    { ...input, fields: input.fields ?? ['*navigable'] },
    true,
  );
  const startAt = Math.max(input.startAt ?? 0, 0);
  const maxResults = Math.min(Math.max(input.maxResults ?? 50, 1), 1000);
  return {
    expand: 'names,schema',
    startAt,
    maxResults,
    total: matches.length,
    issues: matches.slice(startAt, startAt + maxResults).map(render),
    ...names,
  };
}

// ---- HTTP ---------------------------------------------------------------------------------------------------

async function readRaw(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, [`The request exceeds the maximum size of ${limit} bytes.`]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(
  response: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const payload =
    body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  response.writeHead(status, {
    ...(body !== undefined && !Buffer.isBuffer(body)
      ? { 'Content-Type': 'application/json;charset=UTF-8' }
      : {}),
    ...headers,
  });
  response.end(payload);
}

/** Signs the short-lived media URLs attachment downloads redirect to; new per process, as nothing outlives it. */
const MEDIA_KEY = randomBytes(32);
const MEDIA_URL_SECONDS = 300;

function mediaToken(attachmentId: string, expires: number): string {
  return createHmac('sha256', MEDIA_KEY).update(`${attachmentId}:${expires}`).digest('base64url');
}

/** Where Jira Cloud's 303 for an attachment points: a media URL that carries its own token, like api.media.atlassian.com. */
function mediaUrl(baseUrl: string, attachment: SimIssue['attachments'][number]): string {
  const expires = Math.floor(Date.now() / 1000) + MEDIA_URL_SECONDS;
  const query = new URLSearchParams({
    token: `${expires}.${mediaToken(attachment.id, expires)}`,
    dl: 'true',
    name: attachment.filename,
  });
  return `${baseUrl}/media/file/${attachment.id}/binary?${query}`;
}

/** `GET /media/file/{id}/binary?token=`: the content, for a valid unexpired token only (no Jira credentials needed). */
function serveMedia(control: JiraSimulatorControl, method: string, url: URL, response: ServerResponse): void {
  const id = /^\/media\/file\/([0-9]+)\/binary$/.exec(url.pathname)?.[1];
  const [expires, signature] = (url.searchParams.get('token') ?? '').split('.');
  const valid =
    method === 'GET' &&
    id !== undefined &&
    Number(expires) * 1000 > Date.now() &&
    !!signature &&
    credentialsMatch(signature, mediaToken(id, Number(expires)));
  const attachment = valid
    ? control.state.issues.flatMap((issue) => issue.attachments).find((a) => a.id === id)
    : undefined;
  const status = !valid ? 401 : attachment ? 200 : 404;
  control.record({ method, path: url.pathname, operationId: 'getMediaFile', status });
  if (!attachment)
    return send(response, status, { error: status === 401 ? 'Invalid or expired token' : 'File not found' });
  const content = Buffer.from(attachment.content, 'base64');
  send(response, 200, content, {
    'Content-Type': attachment.mimeType,
    'Content-Length': String(content.length),
  });
}

/** `GET /secure/attachment/{id}/{filename}`: where an authenticated Data Center client reads an attachment's file. */
function serveSecureAttachment(
  control: JiraSimulatorControl,
  method: string,
  url: URL,
  response: ServerResponse,
): void {
  const id = /^\/secure\/attachment\/([0-9]+)\/[^/]+$/.exec(url.pathname)?.[1];
  const attachment =
    method === 'GET' && id
      ? control.state.issues.flatMap((issue) => issue.attachments).find((a) => a.id === id)
      : undefined;
  control.record({
    method,
    path: url.pathname,
    operationId: 'getSecureAttachment',
    status: attachment ? 200 : 404,
  });
  if (!attachment) return send(response, 404, { errorMessages: ['Attachment not found.'], errors: {} });
  const content = Buffer.from(attachment.content, 'base64');
  send(response, 200, content, {
    'Content-Type': attachment.mimeType,
    'Content-Length': String(content.length),
  });
}

function credentialsMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts an in-memory Jira Cloud that speaks the REST v3 subset Portico uses, validates every request against the
 * official OpenAPI document, and fires signed admin webhooks on every change.
 *
 * ```ts
 * const jira = await startJiraSimulator({ email: 'pm@example.com', apiToken: 'token', webhookSecret: 'secret',
 *   webhookUrl: 'http://127.0.0.1:3000/api/webhooks/jira' });
 * jira.url;                                   // JIRA_BASE_URL
 * jira.control.transitionIssue('HW-3', 'Done'); // fires a signed jira:issue_updated
 * await jira.stop();
 * ```
 */
export async function startJiraSimulator(options: JiraSimulatorOptions): Promise<JiraSimulator> {
  const state: SimState =
    options.dataFile && existsSync(options.dataFile)
      ? (JSON.parse(readFileSync(options.dataFile, 'utf8')) as SimState)
      : options.seed === false
        ? emptyState()
        : seedState();
  const apiUser: SimUser = {
    accountId: `712020:${Buffer.from(options.email).toString('hex').slice(0, 24).padEnd(24, '0')}`,
    displayName: options.email
      .split('@')[0]
      .replace(/[._-]+/g, ' ')
      .replace(/\b\w/g, (c) => c.toUpperCase()),
    emailAddress: options.email,
  };
  const control = new JiraSimulatorControl(state, apiUser, options, options.webhookUrl);
  const validator = new OpenApiRequestValidator();
  const basic = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const maxAttachmentBytes = options.maxAttachmentBytes ?? 50 * 1024 * 1024;
  const sockets = new Set<Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/_sim/')) return handleControl(control, method, url, request, response);
    if (url.pathname.startsWith('/media/')) return serveMedia(control, method, url, response);

    const authorization = request.headers.authorization ?? '';
    const authenticated =
      credentialsMatch(authorization, basic) ||
      (!!options.pat && credentialsMatch(authorization, `Bearer ${options.pat}`));
    if (!authenticated) {
      control.record({ method, path: url.pathname, status: 401 });
      return send(
        response,
        401,
        { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
        { 'WWW-Authenticate': 'Basic realm="Jira"' },
      );
    }

    const dataCenter = options.deployment === 'datacenter';
    if (url.pathname.startsWith('/secure/attachment/'))
      return serveSecureAttachment(control, method, url, response);
    if (
      url.pathname.startsWith('/rest/api/') &&
      !url.pathname.startsWith(dataCenter ? '/rest/api/2/' : '/rest/api/3/')
    ) {
      control.record({ method, path: url.pathname, status: 404 });
      return send(response, 404, {
        errorMessages: [`This Jira does not serve ${url.pathname}.`],
        errors: {},
      });
    }
    // Data Center's v2 has the same operations and parameters; only rich text and search paging differ.
    const apiPath = dataCenter ? url.pathname.replace('/rest/api/2/', '/rest/api/3/') : url.pathname;
    const matched = validator.match(method, apiPath, url.searchParams);
    const template = matched && 'operation' in matched ? matched.operation.template : undefined;
    const operationId = matched && 'operation' in matched ? matched.operation.operationId : undefined;
    const fault = control.takeFault(method, template, url.pathname);
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault?.timeout) {
      control.record({ method, path: url.pathname, operationId, status: 0 });
      return; // the socket stays open until the client gives up or the simulator stops
    }
    if (fault?.status) {
      control.record({ method, path: url.pathname, operationId, status: fault.status });
      return send(
        response,
        fault.status,
        { errorMessages: [fault.status === 429 ? 'Rate limit exceeded.' : 'Injected failure.'], errors: {} },
        fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {},
      );
    }

    if (!matched) {
      control.record({ method, path: url.pathname, status: 404 });
      return send(response, 404, {
        errorMessages: [`No operation ${method} ${url.pathname} in this Jira.`],
        errors: {},
      });
    }
    if ('violation' in matched) {
      control.record({ method, path: url.pathname, status: 400 });
      return send(response, 400, matched.violation);
    }
    const operation = matched.operation;
    let status = 500;
    let recordedBody: unknown;
    try {
      const contentType = request.headers['content-type'] ?? '';
      let body: unknown;
      let multipart: FormData | undefined;
      if (contentType.startsWith('multipart/form-data')) {
        if (request.headers['x-atlassian-token'] !== 'no-check')
          throw new HttpError(403, ['XSRF check failed']);
        const raw = await readRaw(request, maxAttachmentBytes + 64 * 1024);
        multipart = await new Response(raw, { headers: { 'content-type': contentType } })
          .formData()
          .catch(() => {
            throw new HttpError(400, ['The multipart body could not be parsed.']);
          });
      } else {
        const raw = await readRaw(request, 10 * 1024 * 1024);
        if (raw.length > 0 && !/^application\/json\b/i.test(contentType))
          throw new HttpError(415, ['Unsupported Media Type: send the body as application/json.']);
        if (raw.length > 0) {
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch (error) {
            throw new HttpError(400, [`Unexpected character in JSON body: ${(error as Error).message}`]);
          }
        }
        const violation = validator.validateBody(method, operation.template, body, raw.length > 0);
        if (violation) throw new HttpError(400, violation.errorMessages, violation.errors);
      }
      recordedBody = multipart
        ? {
            files: uploadedFiles(multipart).map((f) => ({
              filename: f.name,
              size: f.size,
              mimeType: f.type,
            })),
          }
        : body;
      const handled = dataCenter ? wikiRequestToAdf(operation.operationId, body) : body;
      const result = await dispatch(control, operation, handled, multipart, maxAttachmentBytes, dataCenter);
      if (dataCenter && result.body !== undefined) result.body = adfToWikiDeep(result.body);
      if (options.checkResponses && result.body !== undefined) {
        const drift = validator.validateResponse(method, operation.template, result.status, result.body);
        if (drift)
          throw new HttpError(500, [
            `Simulator response to ${operation.operationId} violates the Jira OpenAPI document: ${describeViolation(drift)}`,
          ]);
      }
      status = result.status;
      control.record({
        method,
        path: url.pathname,
        operationId: operation.operationId,
        status,
        body: recordedBody,
      });
      if (result.raw)
        return send(response, status, result.raw, {
          'Content-Type': result.contentType ?? 'application/octet-stream',
        });
      return send(response, status, result.body, result.headers);
    } catch (error) {
      const failure =
        error instanceof HttpError
          ? error
          : new HttpError(500, [`Internal simulator error: ${(error as Error).message}`]);
      control.record({
        method,
        path: url.pathname,
        operationId: operation.operationId,
        status: failure.status,
        body: recordedBody,
      });
      return send(
        response,
        failure.status,
        { errorMessages: failure.errorMessages, errors: failure.errors },
        failure.headers,
      );
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, 500, { errorMessages: [String(error)], errors: {} }),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${address.port}`;
  control.baseUrl = url;
  control.flushState();
  return {
    url,
    control,
    stop: async () => {
      await control.flushWebhooks().catch(() => undefined);
      control.flushState();
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Data Center takes wiki-markup strings where Cloud takes ADF; the simulator keeps ADF internally. */
function wikiRequestToAdf(operationId: string, body: unknown): unknown {
  const asAdf = (value: unknown, field: string) => {
    if (value === undefined || value === null) return value;
    if (typeof value !== 'string')
      throw new HttpError(400, [], { [field]: 'Operation value must be a string' });
    // Markup is kept as text, minus its escapes, so escaped text reads back exactly as it was sent.
    return textToAdf(value.replace(/\\(.)/g, '$1'));
  };
  const input = body as Record<string, any> | undefined;
  if (!input || typeof input !== 'object') return body;
  if (
    (operationId === 'createIssue' || operationId === 'editIssue') &&
    input.fields &&
    'description' in input.fields
  )
    return {
      ...input,
      fields: { ...input.fields, description: asAdf(input.fields.description, 'description') },
    };
  if (operationId === 'addComment') return { ...input, body: asAdf(input.body, 'comment') };
  if (operationId === 'doTransition' && input.update?.comment?.[0]?.add)
    return {
      ...input,
      update: { comment: [{ add: { body: asAdf(input.update.comment[0].add.body, 'comment') } }] },
    };
  return body;
}

/** Replaces every ADF document in a response with the wiki markup Data Center would return. */
function adfToWikiDeep(value: unknown): unknown {
  if (isAdfDocument(value)) return adfToWikiMarkup(value);
  if (Array.isArray(value)) return value.map(adfToWikiDeep);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, adfToWikiDeep(inner)]));
  return value;
}

interface UploadedFile {
  name: string;
  size: number;
  type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Parts named `file`, as Jira reads them; stray text parts are ignored. */
function uploadedFiles(form: FormData): UploadedFile[] {
  return form.getAll('file').filter((part) => typeof part !== 'string') as unknown as UploadedFile[];
}

interface Result {
  status: number;
  body?: unknown;
  raw?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

async function dispatch(
  control: JiraSimulatorControl,
  op: MatchedOperation,
  body: unknown,
  multipart: FormData | undefined,
  maxAttachmentBytes: number,
  dataCenter: boolean,
): Promise<Result> {
  const q = op.query as Record<string, never>;
  const input = (body ?? {}) as Record<string, never>;
  const issueRef = op.pathParams.issueIdOrKey;
  switch (op.operationId) {
    case 'getCurrentUser':
      return { status: 200, body: control.userJson(control.apiUser) };
    case 'searchForIssuesUsingJql':
      if (dataCenter) return { status: 200, body: offsetSearch(control, q) };
      return { status: 410, body: { errorMessages: [REMOVED_SEARCH_MESSAGE], errors: {} } };
    case 'searchForIssuesUsingJqlPost':
      if (dataCenter) return { status: 200, body: offsetSearch(control, input) };
      return { status: 410, body: { errorMessages: [REMOVED_SEARCH_MESSAGE], errors: {} } };
    case 'searchAndReconsileIssuesUsingJql':
    case 'searchAndReconsileIssuesUsingJqlPost':
      if (dataCenter)
        throw new HttpError(404, ['Data Center has no enhanced search; use /rest/api/2/search.']);
      return { status: 200, body: search(control, op.operationId.endsWith('Post') ? input : q) };
    case 'getFields':
      return { status: 200, body: fieldCatalogue() };
    case 'getIssue': {
      const issue = control.issue(issueRef);
      const split = (value: unknown) =>
        Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? value.split(',') : undefined;
      return {
        status: 200,
        body: control.issueJson(issue, {
          fields: split(q.fields),
          expand: split(q.expand),
          properties: split(q.properties),
        }),
      };
    }
    case 'createIssue': {
      const properties = Object.fromEntries(
        ((input.properties ?? []) as { key: string; value: unknown }[]).map((p) => [p.key, p.value]),
      );
      const issue = control.insertIssue(
        (input.fields ?? {}) as Record<string, unknown>,
        properties,
        control.apiUser,
      );
      return {
        status: 201,
        body: { id: issue.id, key: issue.key, self: `${control.baseUrl}/rest/api/3/issue/${issue.id}` },
      };
    }
    case 'editIssue': {
      const issue = control.issue(issueRef);
      if (input.update) throw new HttpError(400, ['The simulator supports edits through "fields" only.']);
      control.editIssue(issue.key, (input.fields ?? {}) as Record<string, unknown>, control.apiUser);
      return { status: 204 };
    }
    case 'getComments': {
      const issue = control.issue(issueRef);
      const startAt = Number(q.startAt ?? 0);
      // Like Jira, a page holds at most a server-side maximum whatever was asked: clients must page.
      const maxResults = Math.min(Number(q.maxResults ?? MAX_COMMENTS_PAGE), MAX_COMMENTS_PAGE);
      if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0)
        throw new HttpError(400, ['startAt and maxResults must be non-negative integers.']);
      const ordered = q.orderBy === '-created' ? [...issue.comments].reverse() : issue.comments;
      return {
        status: 200,
        body: {
          comments: ordered
            .slice(startAt, startAt + maxResults)
            .map((c) => control.commentJson(issue, c, String(q.expand ?? '').includes('renderedBody'))),
          startAt,
          maxResults,
          total: issue.comments.length,
        },
      };
    }
    case 'getComment': {
      const issue = control.issue(issueRef);
      const comment = control.comment(issue, String(op.pathParams.id));
      return {
        status: 200,
        body: control.commentJson(issue, comment, String(q.expand ?? '').includes('renderedBody')),
      };
    }
    case 'updateComment': {
      const issue = control.issue(issueRef);
      const comment = control.comment(issue, String(op.pathParams.id));
      if (!isAdfDocument(input.body) || (input.body as AdfDocument).content.length === 0)
        throw new HttpError(400, [], { comment: 'Comment body can not be empty!' });
      const edited = control.editComment(issue.key, comment.id, input.body as AdfDocument, {
        visibility: (input.visibility as SimComment['visibility'] | undefined) ?? null,
      });
      return { status: 200, body: control.commentJson(issue, edited) };
    }
    case 'deleteComment': {
      const issue = control.issue(issueRef);
      control.deleteComment(issue.key, String(op.pathParams.id));
      return { status: 204 };
    }
    case 'addComment': {
      const issue = control.issue(issueRef);
      if (!isAdfDocument(input.body) || (input.body as AdfDocument).content.length === 0)
        throw new HttpError(400, [], { comment: 'Comment body can not be empty!' });
      const properties = Object.fromEntries(
        ((input.properties ?? []) as { key: string; value: unknown }[]).map((p) => [p.key, p.value]),
      );
      const comment = control.addComment(issue.key, input.body as AdfDocument, {
        author: control.apiUser,
        visibility: input.visibility as SimComment['visibility'],
        properties,
      });
      return { status: 201, body: control.commentJson(issue, comment) };
    }
    case 'addAttachment': {
      const issue = control.issue(issueRef);
      const files = multipart ? uploadedFiles(multipart) : [];
      if (files.length === 0)
        throw new HttpError(400, [
          'No file was attached; send the content in a multipart part named "file".',
        ]);
      if (files.length > 60) throw new HttpError(413, ['A request may attach at most 60 files.']);
      const added = [];
      for (const file of files) {
        if (file.size > maxAttachmentBytes)
          throw new HttpError(413, [`The file '${file.name}' is larger than the maximum attachment size.`]);
        const attachment = {
          id: String(control.state.nextAttachmentId++),
          filename: file.name,
          mimeType: file.type || 'application/octet-stream',
          size: file.size,
          created: new Date().toISOString(),
          author: control.apiUser,
          content: Buffer.from(await file.arrayBuffer()).toString('base64'),
        };
        issue.attachments.push(attachment);
        added.push(control.attachmentJson(attachment));
      }
      control.touch(issue);
      control.fireIssueEvent('jira:issue_updated', issue, control.apiUser, 'issue_updated', [
        {
          field: 'Attachment',
          fieldId: 'attachment',
          from: null,
          fromString: null,
          to: added[0].id,
          toString: added[0].filename,
        },
      ]);
      return { status: 200, body: added };
    }
    case 'getAttachment': {
      const attachment = control.state.issues
        .flatMap((issue) => issue.attachments)
        .find((a) => a.id === op.pathParams.id);
      if (!attachment)
        throw new HttpError(404, ['The attachment does not exist or you do not have permission to see it.']);
      const api = dataCenter ? '/rest/api/2' : '/rest/api/3';
      return {
        status: 200,
        body: {
          ...control.attachmentJson(attachment),
          id: Number(attachment.id),
          self: `${control.baseUrl}${api}/attachment/${attachment.id}`,
          // Data Center has no attachment/content operation: the file lives under /secure/attachment/.
          content: dataCenter
            ? `${control.baseUrl}/secure/attachment/${attachment.id}/${encodeURIComponent(attachment.filename)}`
            : `${control.baseUrl}/rest/api/3/attachment/content/${attachment.id}`,
        },
      };
    }
    case 'getAttachmentContent': {
      if (dataCenter)
        throw new HttpError(404, ['Data Center serves attachment files under /secure/attachment/.']);
      const attachment = control.state.issues
        .flatMap((issue) => issue.attachments)
        .find((a) => a.id === op.pathParams.id);
      if (!attachment)
        throw new HttpError(404, ['The attachment does not exist or you do not have permission to see it.']);
      // Jira Cloud redirects to the media store unless the client asks for the content itself.
      if (q.redirect !== false && q.redirect !== 'false')
        return { status: 303, headers: { Location: mediaUrl(control.baseUrl, attachment) } };
      return {
        status: 200,
        raw: Buffer.from(attachment.content, 'base64'),
        contentType: attachment.mimeType,
      };
    }
    case 'getTransitions': {
      const issue = control.issue(issueRef);
      return {
        status: 200,
        body: {
          expand: 'transitions',
          transitions: TRANSITIONS.filter((t) => t.toStatusId !== issue.statusId).map((t) => {
            const to = STATUSES.find((s) => s.id === t.toStatusId)!;
            return {
              id: t.id,
              name: t.name,
              to: {
                self: `${control.baseUrl}/rest/api/3/status/${to.id}`,
                id: to.id,
                name: to.name,
                statusCategory: to.category,
              },
              hasScreen: false,
              isGlobal: true,
              isInitial: false,
              isAvailable: true,
              isConditional: false,
              isLooped: false,
            };
          }),
        },
      };
    }
    case 'doTransition': {
      const issue = control.issue(issueRef);
      const transition = input.transition as { id?: string } | undefined;
      if (!transition?.id) throw new HttpError(400, ["Missing 'transition' identifier"]);
      const update = input.update as { comment?: { add?: { body?: unknown } }[] } | undefined;
      const comment = update?.comment?.[0]?.add?.body;
      if (comment !== undefined && !isAdfDocument(comment))
        throw new HttpError(400, [], { comment: 'Comment body must be an Atlassian Document.' });
      if (input.fields && Object.keys(input.fields).length > 0)
        throw new HttpError(400, [], {
          [Object.keys(input.fields)[0]]:
            'Field cannot be set. It is not on the appropriate screen, or unknown.',
        });
      control.applyTransition(issue, transition.id, control.apiUser, comment as AdfDocument | undefined);
      return { status: 204 };
    }
    case 'getIssuePropertyKeys': {
      const issue = control.issue(issueRef);
      return {
        status: 200,
        body: {
          keys: Object.keys(issue.properties).map((key) => ({
            key,
            self: `${control.baseUrl}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
          })),
        },
      };
    }
    case 'getIssueProperty': {
      const issue = control.issue(issueRef);
      const key = op.pathParams.propertyKey;
      if (!(key in issue.properties))
        throw new HttpError(404, [`The property with key '${key}' does not exist.`]);
      return { status: 200, body: { key, value: issue.properties[key] } };
    }
    case 'setIssueProperty': {
      const issue = control.issue(issueRef);
      const key = op.pathParams.propertyKey;
      if (key.length > 255)
        throw new HttpError(400, ['The property key cannot be longer than 255 characters.']);
      if (body === undefined) throw new HttpError(400, ['The property value must be a valid JSON value.']);
      if (Buffer.byteLength(JSON.stringify(body)) > 32_768)
        throw new HttpError(400, ['The property value cannot be longer than 32768 bytes.']);
      const existed = key in issue.properties;
      issue.properties[key] = body;
      control.persist();
      return { status: existed ? 200 : 201 };
    }
    case 'deleteIssueProperty': {
      const issue = control.issue(issueRef);
      const key = op.pathParams.propertyKey;
      if (!(key in issue.properties))
        throw new HttpError(404, [`The property with key '${key}' does not exist.`]);
      delete issue.properties[key];
      control.persist();
      return { status: 204 };
    }
    case 'getRemoteIssueLinks': {
      const issue = control.issue(issueRef);
      const links = issue.remoteLinks.filter((l) => q.globalId === undefined || l.globalId === q.globalId);
      if (q.globalId !== undefined && links.length === 0)
        throw new HttpError(404, ['No remote link with the given globalId exists on this issue.']);
      const json = links.map((l) => ({
        ...l,
        self: `${control.baseUrl}/rest/api/3/issue/${issue.key}/remotelink/${l.id}`,
      }));
      return { status: 200, body: q.globalId !== undefined ? json[0] : json };
    }
    case 'createOrUpdateRemoteIssueLink': {
      const issue = control.issue(issueRef);
      const object = input.object as { url?: unknown; title?: unknown } & Record<string, unknown>;
      const errors: Record<string, string> = {};
      if (typeof object.url !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(object.url))
        errors.url = 'A valid URL is required.';
      if (typeof object.title !== 'string' || object.title === '') errors.title = 'Title is required.';
      if (Object.keys(errors).length) throw new HttpError(400, [], errors);
      const globalId = input.globalId as string | undefined;
      if (globalId && globalId.length > 255)
        throw new HttpError(400, [], { globalId: 'The globalId cannot be longer than 255 characters.' });
      const existing = globalId ? issue.remoteLinks.find((l) => l.globalId === globalId) : undefined;
      const link = {
        id: existing?.id ?? control.state.nextRemoteLinkId++,
        globalId,
        relationship: input.relationship as string | undefined,
        application: input.application,
        object: object as { url: string; title: string },
      };
      if (existing) Object.assign(existing, link);
      else issue.remoteLinks.push(link);
      control.persist();
      return {
        status: existing ? 200 : 201,
        body: { id: link.id, self: `${control.baseUrl}/rest/api/3/issue/${issue.key}/remotelink/${link.id}` },
      };
    }
    default:
      throw new HttpError(404, [`${op.operationId} is not implemented by the simulator.`]);
  }
}

/**
 * HTTP control API (no auth; the simulator is a test and demo tool):
 * - `GET /_sim/calls?operationId=` recorded calls · `DELETE /_sim/calls`
 * - `GET /_sim/issues/{key}` raw state · `POST /_sim/issues` `{summary, issueType?, description?, labels?}`
 * - `POST /_sim/issues/{key}/edit` `{fields}` · `POST /_sim/issues/{key}/transition` `{to}` · `POST /_sim/issues/{key}/comments` `{text | body, visibility?}`
 * - `POST /_sim/issues/{key}/comments/{id}/edit` `{text | body, visibility?}` · `DELETE /_sim/issues/{key}/comments/{id}`
 * - `POST /_sim/faults` JiraFault · `POST /_sim/webhook-faults` JiraWebhookFault · `DELETE /_sim/faults`
 * - `GET /_sim/webhooks` deliveries · `PUT /_sim/webhook-url` `{url}` · `PUT /_sim/webhook-jql` `{jql}`
 */
async function handleControl(
  control: JiraSimulatorControl,
  method: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const raw = await readRaw(request, 1024 * 1024);
    const body = (raw.length ? JSON.parse(raw.toString('utf8')) : {}) as Record<string, never>;
    const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
    const route = `${method} ${parts
      .map((p, i) =>
        parts[0] === 'issues' && i === 1 ? ':key' : parts[2] === 'comments' && i === 3 ? ':id' : p,
      )
      .join('/')}`;
    switch (route) {
      case 'GET calls':
        return send(response, 200, control.recordedCalls(url.searchParams.get('operationId') ?? undefined));
      case 'DELETE calls':
        control.clearRecordedCalls();
        return send(response, 204);
      case 'GET webhooks':
        return send(response, 200, control.webhookDeliveries);
      case 'PUT webhook-url':
        control.setWebhookUrl(body.url || undefined);
        return send(response, 204);
      case 'PUT webhook-jql':
        control.setWebhookJql(body.jql || undefined);
        return send(response, 204);
      case 'POST faults':
        if (typeof body.route !== 'string')
          throw new HttpError(400, [], { route: 'route is required, e.g. "POST /rest/api/3/issue" or "*"' });
        control.injectFault(body as unknown as JiraFault);
        return send(response, 204);
      case 'POST webhook-faults':
        control.injectWebhookFault(body as unknown as JiraWebhookFault);
        return send(response, 204);
      case 'DELETE faults':
        control.clearFaults();
        return send(response, 204);
      case 'POST issues': {
        const issue = control.createIssue(
          body as unknown as Parameters<JiraSimulatorControl['createIssue']>[0],
        );
        return send(response, 201, { id: issue.id, key: issue.key });
      }
      case 'GET issues/:key':
        return send(response, 200, control.issue(parts[1]));
      case 'POST issues/:key/edit':
        control.editIssue(parts[1], (body.fields ?? {}) as Record<string, unknown>);
        return send(response, 204);
      case 'POST issues/:key/transition':
        control.transitionIssue(parts[1], String(body.to ?? ''));
        return send(response, 204);
      case 'POST issues/:key/comments': {
        const comment = control.addComment(
          parts[1],
          (body.body ?? String(body.text ?? '')) as string | AdfDocument,
          { visibility: body.visibility },
        );
        return send(response, 201, { id: comment.id });
      }
      case 'POST issues/:key/comments/:id/edit':
        control.editComment(
          parts[1],
          parts[3],
          (body.body ?? String(body.text ?? '')) as string | AdfDocument,
          { visibility: body.visibility },
        );
        return send(response, 204);
      case 'DELETE issues/:key/comments/:id':
        control.deleteComment(parts[1], parts[3]);
        return send(response, 204);
      default:
        return send(response, 404, {
          errorMessages: [`Unknown control route ${method} ${url.pathname}`],
          errors: {},
        });
    }
  } catch (error) {
    if (error instanceof HttpError)
      return send(response, error.status, { errorMessages: error.errorMessages, errors: error.errors });
    return send(response, 400, { errorMessages: [(error as Error).message], errors: {} });
  }
}
