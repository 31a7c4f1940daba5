import { BadGatewayException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, AuthUser } from '@portico/auth';
import { adfToHtml, adfToText } from '@portico/connectors/adf/adf-to-html';
import type { AdfNode } from '@portico/connectors/adf/adf.types';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { searchAmongKeys } from '@portico/connectors/jira/search-among-keys';
import { JiraError, JiraNotFoundError } from '@portico/connectors/jira/jira-errors';
import type { Version3Models } from 'jira.js';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import { ForbiddenError, NotFoundError, PolicyViolationError } from '../common';
import { NotificationEvent } from '../notification-events';
import { ItemRefs, sanitizeSharedHtml } from '../sharing';
import { compileRedactionRules, RedactionRuleInput, redactText, WorkspacesService } from '../workspaces';
import { JiraIssueChanged, jqlSince, JobQueue, PermanentJobError, ReconcileTick, tickSince } from '../sync';
import { Comment, JiraCopyState } from './entities/comment.entity';
import { FeedbackService } from './feedback.service';
import { LinkedItem, LinkedRecords } from './linked-records';

const JIRA_COMMENT_ID = /^[0-9]{1,19}$/;
const PAGE_SIZE = 100;
/** Beyond this an issue's thread is not a conversation any more; older comments are not offered. */
const MAX_COMMENTS = 5000;

type JiraComment = Version3Models.Comment & { jsdPublic?: boolean };

/** A Jira comment of a shared item's issue as the PM sees it before making it public. */
export interface JiraCommentReadModel {
  id: string;
  author: string;
  createdAt: string | null;
  updatedAt: string | null;
  /** Exactly what the supplier would see: rendered, sanitised and redacted. */
  html: string;
  /** Restricted to a group or role (or internal in Service Management): never shown to suppliers. */
  restricted: boolean;
  /** The thread entry showing it to the supplier, when already public. */
  publishedCommentId: string | null;
}

/** What a copy shows, from the item's redaction rules and allowlist (links only when `url` is shared). */
interface CopyRules {
  redactions: ReturnType<typeof compileRedactionRules>;
  dropLinks: boolean;
}

interface CopyRow {
  id: string;
  itemId: string;
  workspaceId: string;
  externalId: string;
  body: string;
  bodyHtml: string | null;
  jiraState: JiraCopyState;
  jiraAuthorName: string | null;
}

/** The rules a copy is rendered with: its workspace's redactions, then its item's, and the item's allowlist. */
interface RuleSources {
  workspace: { redactionRules?: RedactionRuleInput[] | null } | undefined;
  item: { redactionRules?: RedactionRuleInput[] | null; fieldAllowlist?: string[] | null } | undefined;
}

/**
 * Jira comments made public from Portico (issue #7 §2): a PM picks comments of a shared item's Jira
 * issue, and each becomes one public entry of the item's thread, attributed to its Jira author and
 * rendered like shared descriptions. Copies follow their source: an edit in Jira updates the copy, a
 * deletion or a new restriction hides it from the supplier (webhooks, and reconciliation for missed ones).
 */
@Injectable()
export class JiraCommentCopies {
  private readonly logger = new Logger(JiraCommentCopies.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    private readonly linked: LinkedRecords,
    private readonly abilities: AbilityFactory,
    private readonly audit: AuditService,
    private readonly queue: JobQueue,
    private readonly feedback: FeedbackService,
    private readonly items: ItemRefs,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** The issue's comments, minus those Portico posted itself, marked restricted / already public. */
  async list(user: AuthUser, itemId: string): Promise<JiraCommentReadModel[]> {
    const item = await this.managedItem(user, itemId);
    const rules = rulesFrom({ workspace: item.workspace, item });
    const [comments, copies, posted] = await Promise.all([
      this.fromJira(() => this.allComments(item.sourceRef)),
      this.dataSource
        .getRepository(Comment)
        .find({ where: { itemId: item.id, source: 'jira', jiraState: 'live' } }),
      this.postedFromPortico(item.id),
    ]);
    const published = new Map(copies.map((c) => [c.externalId, c.id]));
    return comments
      .filter((c) => !this.isFromPortico(c, posted))
      .map((c) => ({
        id: String(c.id),
        author: c.author?.displayName ?? 'Jira user',
        createdAt: c.created ?? null,
        updatedAt: c.updated ?? null,
        html: render(c.body, rules).html,
        restricted: isRestricted(c),
        publishedCommentId: published.get(String(c.id)) ?? null,
      }));
  }

  /** Makes one Jira comment a public entry of the item's thread; publishing it again changes nothing. */
  async publish(
    user: AuthUser,
    itemId: string,
    commentId: string,
    meta?: RequestMeta,
  ): Promise<{ comment: Comment; created: boolean }> {
    const item = await this.managedItem(user, itemId);
    if (!JIRA_COMMENT_ID.test(commentId)) throw new NotFoundError('Jira comment not found');
    const repo = this.dataSource.getRepository(Comment);
    const existing = await repo.findOneBy({ itemId: item.id, source: 'jira', externalId: commentId });
    if (existing?.jiraState === 'live') return { comment: existing, created: false };

    const source = await this.fromJira(() =>
      this.jira.getComment(item.sourceRef, commentId).catch((error: unknown) => {
        throw error instanceof JiraNotFoundError ? new NotFoundError('Jira comment not found') : error;
      }),
    );
    if (isRestricted(source))
      throw new PolicyViolationError('This Jira comment cannot be shown to the supplier', [
        { field: 'commentId', message: 'is restricted in Jira (group, role or internal only)' },
      ]);
    if (this.isFromPortico(source, await this.postedFromPortico(item.id)))
      throw new PolicyViolationError('This Jira comment came from Portico', [
        { field: 'commentId', message: 'was posted from this thread and is already in it' },
      ]);
    const content = render(source.body, rulesFrom({ workspace: item.workspace, item }));
    const values = {
      body: content.text,
      bodyHtml: content.html,
      jiraAuthorName: (source.author?.displayName ?? 'Jira user').slice(0, 255),
      jiraUpdatedAt: source.updated ? new Date(source.updated) : null,
    };

    return this.dataSource.transaction(async (manager) => {
      const inserted: Array<{ id: string }> = await manager.query(
        `INSERT INTO comment (workspace_id, item_id, author_id, author_org_id, body, visibility, external_id,
                              sync_state, source, jira_author_name, body_html, jira_updated_at, jira_state)
         VALUES ($1, $2, $3, $4, $5, 'public', $6, 'none', 'jira', $7, $8, $9, 'live')
         ON CONFLICT (item_id, external_id) WHERE source = 'jira' DO NOTHING
         RETURNING id`,
        [
          item.workspaceId,
          item.id,
          user.id,
          user.orgId,
          values.body,
          commentId,
          values.jiraAuthorName,
          values.bodyHtml,
          values.jiraUpdatedAt,
        ],
      );
      const mine = manager.getRepository(Comment);
      if (!inserted.length) {
        // Published meanwhile, or hidden earlier and public again now.
        const copy = await mine.findOneByOrFail({ itemId: item.id, source: 'jira', externalId: commentId });
        if (copy.jiraState === 'live') return { comment: copy, created: false };
        await mine.update({ id: copy.id }, { ...values, visibility: 'public', jiraState: 'live' });
        return { comment: await mine.findOneByOrFail({ id: copy.id }), created: false };
      }
      const comment = await mine.findOneByOrFail({ id: inserted[0].id });
      await this.announce(manager, item, comment, user);
      await this.audit.record(
        {
          action: 'comment.jira_published',
          actor: user,
          orgId: item.workspace.supplierOrgId,
          workspaceId: item.workspaceId,
          resourceType: 'comment',
          resourceId: comment.id,
          meta,
          details: { jiraCommentId: commentId, issue: item.sourceRef },
        },
        manager,
      );
      return { comment, created: true };
    });
  }

  /** A Jira event named this issue: bring its public copies in line with Jira (edited, restricted, deleted). */
  async onIssueChanged(event: Partial<JiraIssueChanged>): Promise<number> {
    return event.issueKey ? this.refreshIssue(event.issueKey.toUpperCase()) : 0;
  }

  /**
   * Re-reads the issues with copies still shown or restricted in a live workspace that Jira says were
   * updated since the last tick (a comment edit or deletion updates its issue) or deleted: a missed webhook only delays.
   */
  async reconcile(tick: Partial<ReconcileTick> = {}): Promise<number> {
    const rows: Array<{ itemId: string; workspaceId: string }> = await this.dataSource.query(
      `SELECT DISTINCT c.item_id AS "itemId", c.workspace_id AS "workspaceId"
         FROM comment c WHERE c.source = 'jira' AND c.jira_state <> 'deleted'`,
    );
    // Workspaces and items are asked of their modules, once each for the whole tick.
    const workspaces = await this.workspaces.byIds(rows.map((r) => r.workspaceId));
    const live = rows.filter((r) => {
      const workspace = workspaces.get(r.workspaceId);
      return workspace && !workspace.archivedAt;
    });
    const items = await this.items.items(live.map((r) => r.itemId));
    const keys = [
      ...new Set([...items.values()].filter((i) => i.sourceType === 'jira_issue').map((i) => i.sourceRef)),
    ].sort();
    const since = tickSince(tick);
    const where = () => `updated >= "${jqlSince(since)}"`;
    let changed = 0;
    for await (const batch of searchAmongKeys(this.jira, keys, { where, fields: ['updated'] })) {
      // A deleted issue's comments are gone with it: refreshing hides their copies.
      for (const key of [...batch.issues.map((issue) => issue.key), ...batch.goneKeys])
        if (key) changed += await this.refreshIssue(key);
    }
    return changed;
  }

  /** Returns how many copies changed. Reads the comments from Jira only when the issue has copies. */
  async refreshIssue(issueKey: string): Promise<number> {
    const items = new Map((await this.items.ofSource('jira_issue', issueKey)).map((i) => [i.id, i]));
    if (!items.size) return 0;
    const copies: CopyRow[] = await this.dataSource.query(
      `SELECT c.id, c.item_id AS "itemId", c.workspace_id AS "workspaceId", c.external_id AS "externalId",
              c.body, c.body_html AS "bodyHtml", c.jira_state AS "jiraState", c.jira_author_name AS "jiraAuthorName"
         FROM comment c
        WHERE c.source = 'jira' AND c.jira_state <> 'deleted' AND c.item_id = ANY($1::uuid[])`,
      [[...items.keys()]],
    );
    if (!copies.length) return 0;
    const workspaces = await this.workspaces.byIds(copies.map((c) => c.workspaceId));
    let comments: JiraComment[];
    try {
      comments = await this.allComments(issueKey);
    } catch (error) {
      // The issue itself is gone (or out of our sight): so are its comments.
      if (!(error instanceof JiraNotFoundError)) throw error;
      comments = [];
    }
    const byId = new Map(comments.map((c) => [String(c.id), c]));
    const repo = this.dataSource.getRepository(Comment);
    let changed = 0;
    for (const copy of copies) {
      const source = byId.get(copy.externalId);
      let next: Partial<Comment>;
      if (!source) next = { jiraState: 'deleted', visibility: 'internal' };
      else if (isRestricted(source)) next = { jiraState: 'restricted', visibility: 'internal' };
      else {
        const content = render(
          source.body,
          rulesFrom({ workspace: workspaces.get(copy.workspaceId), item: items.get(copy.itemId) }),
        );
        next = {
          jiraState: 'live',
          visibility: 'public',
          body: content.text,
          bodyHtml: content.html,
          jiraAuthorName: (source.author?.displayName ?? copy.jiraAuthorName ?? 'Jira user').slice(0, 255),
          jiraUpdatedAt: source.updated ? new Date(source.updated) : null,
        };
      }
      const same =
        next.jiraState === copy.jiraState &&
        (next.jiraState !== 'live' || (next.body === copy.body && next.bodyHtml === copy.bodyHtml));
      if (same) continue;
      await repo.update({ id: copy.id }, next);
      changed++;
      this.logger.log(
        `Jira comment ${copy.externalId} of ${issueKey}: copy ${copy.id} now ${next.jiraState}`,
      );
    }
    return changed;
  }

  // ---------------------------------------------------------------- internals

  /** The item if the caller may see it (else 404) and manage its workspace's thread (else 403). */
  private async managedItem(user: AuthUser, itemId: string): Promise<LinkedItem> {
    const item = await this.linked.accessibleItem(user, itemId);
    if (!item) throw new NotFoundError('Item not found');
    const workspace = item.workspace;
    if (
      !this.abilities
        .createForUser(user)
        .can('manage', subject('Comment', { workspaceId: workspace.id, workspace } as never))
    )
      throw new ForbiddenError('Only the workspace’s PMs may publish Jira comments');
    if (item.sourceType !== 'jira_issue')
      throw new PolicyViolationError('Only items shared from Jira have Jira comments', [
        { field: 'id', message: 'is not a Jira issue item' },
      ]);
    return item;
  }

  private async allComments(issueKey: string): Promise<JiraComment[]> {
    const all: JiraComment[] = [];
    for (let startAt = 0; startAt < MAX_COMMENTS;) {
      const page = await this.jira.listComments(issueKey, { startAt, maxResults: PAGE_SIZE });
      all.push(...(page.comments as JiraComment[]));
      startAt += page.comments.length;
      if (!page.comments.length || startAt >= page.total) break;
    }
    return all;
  }

  /** Jira comment ids this item's supplier comments were delivered as. */
  private async postedFromPortico(itemId: string): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT external_id AS id FROM comment WHERE item_id = $1 AND source = 'portico' AND external_id IS NOT NULL`,
      [itemId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Delivered by Portico: recorded as such, or carrying the link back to a Portico thread it always adds. */
  private isFromPortico(comment: JiraComment, posted: Set<string>): boolean {
    if (posted.has(String(comment.id))) return true;
    const raw = JSON.stringify(comment.body ?? '');
    return raw.includes(this.feedback.portalUrl('/')) && raw.includes('#comment-');
  }

  private async fromJira<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof JiraNotFoundError)
        throw new NotFoundError('The Jira issue of this item was not found');
      if (error instanceof JiraError || error instanceof PermanentJobError)
        throw new BadGatewayException(`Jira could not be read: ${error.message}`);
      throw error;
    }
  }

  private async announce(manager: EntityManager, item: LinkedItem, comment: Comment, user: AuthUser) {
    const event: NotificationEvent = {
      event: 'comment.created',
      workspaceId: item.workspaceId,
      actorId: user.id,
      subject: { type: 'comment', id: comment.id },
      title: item.title ?? 'Shared item',
      path: `/items/${item.id}#comment-${comment.id}`,
      excerpt: comment.body.slice(0, 200),
      audience: 'all',
    };
    await this.queue.publish(event.event, event, {
      manager,
      ref: { type: 'comment', id: comment.id, workspaceId: item.workspaceId },
    });
  }
}

/** Never for suppliers: comments limited to a group or role, or internal in Jira Service Management. */
export function isRestricted(comment: JiraComment): boolean {
  return !!comment.visibility || comment.jsdPublic === false;
}

function rulesFrom({ workspace, item }: RuleSources): CopyRules {
  return {
    redactions: compileRedactionRules([
      ...(workspace?.redactionRules ?? []),
      ...(item?.redactionRules ?? []),
    ]),
    dropLinks: !(item?.fieldAllowlist ?? []).includes('url'),
  };
}

/** A comment body as shared rich text: ADF (Cloud) or wiki text (Data Center), through the shared sanitiser. */
export function render(body: unknown, rules: CopyRules): { html: string; text: string } {
  const raw =
    typeof body === 'string'
      ? body
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeHtml(p)}</p>`)
          .join('')
      : adfToHtml(body as AdfNode);
  const html = sanitizeSharedHtml(raw, rules.redactions, rules.dropLinks);
  const plain = typeof body === 'string' ? body : adfToText(body as AdfNode);
  return { html, text: redactText(plain, rules.redactions).trim() || '—' };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
