import { Inject, Injectable } from '@nestjs/common';
import { adfToHtml } from '@portico/connectors/adf/adf-to-html';
import type { AdfNode } from '@portico/connectors/adf/adf.types';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { FeishuApiError } from '@portico/connectors/feishu/feishu-errors';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { JiraNotFoundError } from '@portico/connectors/jira/jira-errors';
import { type JiraPeople, jiraPeopleOf } from '../notification-events';
import { Workspace, compileRedactionRules, RedactionRuleInput } from '../workspaces';
import { SourceType } from './entities/shared-item.entity';
import { projectFeishuDocument } from './projection/feishu-projection';
import { projectJiraIssue } from './projection/jira-projection';
import { ItemSnapshot } from './projection/snapshot';

export interface SourceRequest {
  sourceType: SourceType;
  sourceRef: string;
  fieldAllowlist: string[];
  redactionRules: RedactionRuleInput[];
}

/** The current state of a shared source, projected for the supplier; or why it cannot be shared. */
export type SourceState =
  | {
      kind: 'ok';
      snapshot: ItemSnapshot;
      revision: string;
      title: string;
      /** The source is finished (Jira status category Done): a past due date is not overdue. */
      done: boolean;
      /** Jira sources: the internal status name and people, for trigger rules (never shown to suppliers). */
      jira?: { status: string | null; people: JiraPeople };
    }
  | { kind: 'source_deleted' }
  | { kind: 'out_of_scope' };

/** Jira keys look like HW-12; anything else never reaches JQL. */
export const JIRA_KEY = /^[A-Z][A-Z0-9_]{0,31}-[1-9][0-9]{0,9}$/;

/** The workspace's Jira scope: its project, narrowed by its scope JQL, as one parenthesised JQL term. */
export function workspaceScopeJql(ws: Pick<Workspace, 'jiraProjectKey' | 'jiraScopeJql'>): string | null {
  if (!ws.jiraProjectKey) return null;
  const project = `project = "${ws.jiraProjectKey}"`;
  return ws.jiraScopeJql?.trim() ? `(${project} AND (${ws.jiraScopeJql}))` : `(${project})`;
}

/**
 * Reads the CURRENT state of a source (never an event's payload) and projects it through the item's
 * allowlist, the workspace's status map and the workspace + item redaction rules.
 */
@Injectable()
export class SourceReaderService {
  constructor(
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    @Inject(FEISHU_CLIENT) private readonly feishu: FeishuClient,
  ) {}

  async read(ws: Workspace, source: SourceRequest): Promise<SourceState> {
    const redactions = compileRedactionRules([
      ...(ws.redactionRules ?? []),
      ...(source.redactionRules ?? []),
    ]);
    if (source.sourceType === 'jira_issue') {
      const scope = workspaceScopeJql(ws);
      if (!scope || !JIRA_KEY.test(source.sourceRef)) return { kind: 'out_of_scope' };
      let issue;
      try {
        issue = await this.jira.getIssue(source.sourceRef, { expand: ['renderedFields', 'names'] });
      } catch (error) {
        if (error instanceof JiraNotFoundError) return { kind: 'source_deleted' };
        throw error;
      }
      // A moved or re-scoped issue keeps its key: ask Jira whether it is still inside the workspace scope.
      const inScope = await this.jira.searchPage({
        jql: `${scope} AND key = "${source.sourceRef}"`,
        fields: ['summary'],
        pageSize: 1,
      });
      if (!inScope.issues.length) return { kind: 'out_of_scope' };
      const snapshot = projectJiraIssue(issue, {
        allowlist: source.fieldAllowlist,
        statusMap: ws.statusMap ?? {},
        redactions,
        renderAdf: (adf) => adfToHtml(adf as AdfNode),
      });
      return {
        kind: 'ok',
        snapshot,
        done:
          (issue.fields.status as { statusCategory?: { key?: string } } | undefined)?.statusCategory?.key ===
          'done',
        revision: String(issue.fields.updated ?? ''),
        title: String(issue.fields.summary ?? ''),
        jira: {
          status: (issue.fields.status as { name?: string } | undefined)?.name ?? null,
          people: jiraPeopleOf(issue.fields),
        },
      };
    }
    try {
      const doc = await this.feishu.renderDocument(source.sourceRef);
      // Only documents in the workspace's folder are shareable; one moved out is out of scope.
      if (!ws.feishuFolderToken || !(await this.inFolder(ws.feishuFolderToken, source.sourceRef)))
        return { kind: 'out_of_scope' };
      const snapshot = projectFeishuDocument(doc, { allowlist: source.fieldAllowlist, redactions });
      return {
        kind: 'ok',
        snapshot,
        revision: String(doc.revisionId).padStart(12, '0'),
        title: doc.title,
        done: false,
      };
    } catch (error) {
      if (error instanceof FeishuApiError && error.kind === 'not_found') return { kind: 'source_deleted' };
      throw error;
    }
  }

  private async inFolder(folderToken: string, documentId: string): Promise<boolean> {
    for await (const file of this.feishu.listFolder(folderToken)) if (file.token === documentId) return true;
    return false;
  }
}
