import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { FeishuApiError } from '@portico/connectors/feishu/feishu-errors';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { JiraValidationError } from '@portico/connectors/jira/jira-errors';
import { DataSource } from 'typeorm';
import { BadInputError, PolicyViolationError, Page } from '../common';
import { WorkspacesService, assertContainedJql, scopedJql } from '../workspaces';
import { workspaceScopeJql } from './source-reader.service';

export interface SourceEntry {
  ref: string;
  title: string;
  status?: string | null;
  type?: string | null;
  updatedAt?: string | null;
  sharedItemId: string | null;
}

/** What a PM can pick from: Jira issues inside the workspace scope and documents in its Feishu folder. */
@Injectable()
export class SourceBrowserService {
  constructor(
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    @Inject(FEISHU_CLIENT) private readonly feishu: FeishuClient,
    private readonly workspaces: WorkspacesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async jiraIssues(
    user: AuthUser,
    workspaceId: string,
    jql: string | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<SourceEntry>> {
    const ws = await this.workspaces.getAccessible(user, workspaceId, 'update');
    const scope = workspaceScopeJql(ws);
    if (!scope)
      throw new PolicyViolationError('This workspace has no Jira project', [
        { field: 'jiraProjectKey', message: 'is not set' },
      ]);
    if (ws.jiraScopeJql) assertContainedJql(ws.jiraScopeJql, 'jiraScopeJql');
    const page = await this.jira
      .searchPage(
        {
          jql: scopedJql(scope, jql),
          fields: ['summary', 'status', 'issuetype', 'updated'],
          pageSize: limit,
        },
        cursor,
      )
      .catch((error: unknown) => {
        if (error instanceof JiraValidationError && error.status === 400)
          throw refused(cursor ? 'cursor' : 'jql');
        throw error;
      });
    const shared = await this.sharedRefs(
      ws.id,
      'jira_issue',
      page.issues.map((i) => i.key as string),
    );
    return {
      items: page.issues.map((issue) => ({
        ref: issue.key as string,
        title: String(issue.fields.summary ?? ''),
        status: (issue.fields.status as { name?: string } | undefined)?.name ?? null,
        type: (issue.fields.issuetype as { name?: string } | undefined)?.name ?? null,
        updatedAt: (issue.fields.updated as string | undefined) ?? null,
        sharedItemId: shared.get(issue.key as string) ?? null,
      })),
      nextCursor: page.nextPageToken ?? null,
    };
  }

  async feishuDocuments(
    user: AuthUser,
    workspaceId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<SourceEntry>> {
    const ws = await this.workspaces.getAccessible(user, workspaceId, 'update');
    if (!ws.feishuFolderToken)
      throw new PolicyViolationError('This workspace has no Feishu folder', [
        { field: 'feishuFolderToken', message: 'is not set' },
      ]);
    const page = await this.feishu
      .listFolderPage(ws.feishuFolderToken, { pageToken: cursor, pageSize: limit })
      .catch((error: unknown) => {
        if (cursor && error instanceof FeishuApiError && error.kind === 'invalid_request')
          throw refused('cursor');
        throw error;
      });
    const docs = page.files.filter((f) => f.type === 'docx' || f.type === 'doc');
    const shared = await this.sharedRefs(
      ws.id,
      'feishu_doc',
      docs.map((d) => d.token),
    );
    return {
      items: docs.map((d) => ({
        ref: d.token,
        title: d.name,
        type: d.type,
        updatedAt: d.modifiedTime?.toISOString() ?? null,
        sharedItemId: shared.get(d.token) ?? null,
      })),
      nextCursor: page.nextPageToken ?? null,
    };
  }

  /** Which of these refs are live items of the workspace (item id by ref). */
  private async sharedRefs(
    workspaceId: string,
    sourceType: string,
    refs: string[],
  ): Promise<Map<string, string>> {
    if (!refs.length) return new Map();
    const rows: { id: string; ref: string }[] = await this.dataSource.query(
      `SELECT id, source_ref AS ref FROM shared_item WHERE workspace_id = $1 AND source_type = $2 AND source_ref = ANY($3) AND withdrawn_at IS NULL`,
      [workspaceId, sourceType, refs],
    );
    return new Map(rows.map((r) => [r.ref, r.id]));
  }
}

/** Page tokens are opaque and come back from the caller: one the source rejects is bad input, not our failure. */
function refused(field: 'cursor' | 'jql'): BadInputError {
  return new BadInputError(`The source refused this ${field}`, [
    { field, message: field === 'cursor' ? 'is not a page token from this list' : 'is not valid JQL' },
  ]);
}
