import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AdfDocument } from '../../adf/adf.types';
import { textToAdf } from '../../adf/text-to-adf';
import { applyIssueFields } from './jira-issue-fields';
import {
  ISSUE_TYPES,
  PEOPLE,
  PROJECTS,
  STATUSES,
  TRANSITIONS,
  type SimComment,
  type SimIssue,
  type SimState,
  type SimUser,
} from './jira-simulator-state';
import { HttpError, notFound } from './jira-simulator-http';
import type { JiraFault, JiraSimulatorOptions, RecordedCall } from './jira-simulator-types';
import { JiraSimulatorWebhooks } from './jira-simulator-webhooks';

/** State, faults and recordings of one simulator; every mutation here behaves as if a Jira user made it in the UI. */
export class JiraSimulatorControl extends JiraSimulatorWebhooks {
  readonly calls: RecordedCall[] = [];
  private faults: JiraFault[] = [];
  private seq = 0;
  private persistTimer: NodeJS.Timeout | undefined;
  /** Issue id -> time from which search sees it (see `searchLagMs`); not persisted, like an index rebuild. */
  private readonly searchableFrom = new Map<string, number>();
  searchLagMs: number;

  constructor(
    state: SimState,
    apiUser: SimUser,
    options: JiraSimulatorOptions,
    webhookUrl: string | undefined,
  ) {
    super(state, apiUser, options, webhookUrl);
    this.searchLagMs = options.searchLagMs ?? 0;
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
    return applyIssueFields(issue, fields, creating, this.apiUser);
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
}
