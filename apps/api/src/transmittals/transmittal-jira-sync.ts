import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '../config';
import { OrganizationsService } from '../organizations';
import { defineJob, JobQueue, QueueJob, SyncEffectService } from '../sync';
import { UserDirectory } from '../users';
import { WorkspacesService } from '../workspaces';
import { TransmittalContent } from './entities/transmittal-content.entity';
import { Transmittal } from './entities/transmittal.entity';
import {
  commentMarker,
  issuedComment,
  remoteLinkGlobalId,
  respondedComment,
} from './transmittal-jira-content';
import { TransmittalSettingsService } from './transmittal-settings.service';

export const TRANSMITTAL_JIRA_JOB = defineJob<TransmittalJiraJob>('transmittals.jira');

export interface TransmittalJiraJob {
  transmittalId: string;
  phase: 'issued' | 'responded';
}

/**
 * Writes a transmittal to each Jira issue it contains, exactly once per issue and phase: on issue a
 * comment (number, purpose, version) and a remote link back (upserted by globalId); on response a
 * comment with each code and comment. Each effect is recorded in sync_effect; before posting a comment
 * the comments are searched for its marker, for an attempt whose answer was lost.
 */
@Injectable()
export class TransmittalJiraSync {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly effects: SyncEffectService,
    private readonly workspaces: WorkspacesService,
    private readonly settings: TransmittalSettingsService,
    private readonly directory: UserDirectory,
    private readonly organizations: OrganizationsService,
  ) {}

  async register(): Promise<void> {
    await this.queue.register(TRANSMITTAL_JIRA_JOB, (job) => this.handle(job), {
      target: 'jira',
      policy: 'singleton',
    });
  }

  async handle(job: QueueJob<TransmittalJiraJob>): Promise<void> {
    const { transmittalId, phase } = job.data;
    const t = await this.dataSource.getRepository(Transmittal).findOneBy({ id: transmittalId });
    if (!t || t.status === 'draft') return;
    const contents = await this.dataSource
      .getRepository(TransmittalContent)
      .find({ where: { transmittalId }, order: { position: 'ASC' } });
    const workspace = await this.workspaces.getById(t.workspaceId);
    const settings = await this.settings.effective(workspace);
    const org = await this.organizations.findById(workspace.supplierOrgId);
    const url = `${this.config.publicUrl}/console/transmittals/${t.id}`;
    const keys = [...new Set(contents.map((c) => c.jiraKey).filter((k): k is string => !!k))];
    const responses = new Map<string, { code: string; comment: string | null }>();
    if (phase === 'responded')
      for (const r of (await this.dataSource.query(
        `SELECT content_id, code, comment FROM transmittal_response WHERE transmittal_id = $1`,
        [t.id],
      )) as { content_id: string; code: string; comment: string | null }[])
        responses.set(r.content_id, r);
    const responder = t.respondedBy
      ? (await this.directory.byIds([t.respondedBy])).get(t.respondedBy)
      : undefined;

    for (const key of keys) {
      const mine = contents.filter((c) => c.jiraKey === key);
      const marker = commentMarker(t.id, phase);
      const body =
        phase === 'issued'
          ? issuedComment({
              number: t.number,
              subject: t.subject,
              purposeLabel: settings.purposeLabels[t.purpose],
              dueDate: t.dueDate,
              orgName: org?.name ?? 'the supplier',
              versions: mine.map((c) => c.version!),
              url,
              transmittalId: t.id,
            })
          : respondedComment({
              number: t.number,
              orgName: org?.name ?? 'The supplier',
              responderName: responder?.name ?? 'a supplier user',
              answers: mine.map((c) => {
                const r = responses.get(c.id);
                const code = r?.code ?? '?';
                return {
                  title: c.title,
                  version: c.version,
                  code,
                  codeLabel: settings.reviewCodes.find((x) => x.code === code)?.label ?? code,
                  comment: r?.comment ?? null,
                };
              }),
              url,
              transmittalId: t.id,
            });
      await this.effects.once(`jira.transmittal-comment:${t.id}:${phase}:${key}`, {
        lookup: () => this.findComment(key, marker),
        perform: async () =>
          String(
            (
              await this.jira.addComment(key, body, {
                properties: { 'portico.transmittal': { transmittalId: t.id, phase } },
              })
            ).id,
          ),
      });
      if (phase === 'issued')
        await this.effects.once(`jira.transmittal-link:${t.id}:${key}`, {
          // Jira updates a link with the same globalId instead of adding one: a repeat is harmless.
          perform: async () =>
            String(
              (
                await this.jira.createRemoteLink(key, {
                  globalId: remoteLinkGlobalId(t.id),
                  url,
                  title: `Portico transmittal ${t.number}: ${t.subject}`.slice(0, 255),
                  application: { type: 'portico', name: 'Portico' },
                })
              ).id,
            ),
        });
    }
  }

  /** The id of an earlier comment carrying the marker, if one was posted. */
  private async findComment(key: string, marker: string): Promise<string | null> {
    let startAt = 0;
    for (;;) {
      const page = await this.jira.listComments(key, { startAt, maxResults: 100 });
      const found = page.comments.find((c) => JSON.stringify(c.body ?? '').includes(marker));
      if (found) return String(found.id);
      startAt += page.comments.length;
      if (!page.comments.length || startAt >= page.total) return null;
    }
  }
}
