import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@portico/auth';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { FeedbackService } from '../feedback/feedback.service';
import { JiraCommentCopies } from '../feedback/jira-comment-copies';
import { FilesService } from '../files/files.service';
import { NotificationsService } from '../notifications/notifications.service';
import { SharingService } from '../sharing/sharing.service';
import { TransmittalsService } from '../transmittals/transmittals.service';
import { toAuthUser, UsersService } from '../users/users.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { drawingDxf, drawingPdf } from './demo-drawings';
import { SeedService } from './seed.service';

export const DEMO_ACME_WORKSPACE = 'Acme · Hardware launch (demo)';
export const DEMO_BOREALIS_WORKSPACE = 'Borealis · Enclosure castings (demo)';

const META = { ip: null, userAgent: 'portico-demo-seed' };
/** Queue work the demo waits for (delivery to Jira, status sync, notifications) gets this long. */
const WAIT_MS = 20_000;

/** What the start-up banner tells each demo user to try. */
export const DEMO_TOUR = [
  'ana@acme.example       "What changed": new versions, a defect now under test, an approved drawing',
  'ana@acme.example       Transmittals: ACME-T-0001 waits for her review codes',
  'ben@acme.example       Acme member: the defect he reported and its status history',
  'sara@borealis.example  Borealis: sees only her own workspace, none of Acme',
  'pm@portico.example     Console home: drafts to publish, an upload to review, a new defect',
];

export interface DemoSeedResult {
  created: boolean;
  seconds: number;
}

/**
 * The demo of `npm start`: two supplier workspaces with shared Jira issues and a Feishu document in
 * several versions, a reviewed drawing, a defect delivered to Jira and moved there, comments and
 * unread notifications. Everything goes through the services a user's request would reach, edits
 * through the built-in simulators' control APIs, so the data is what the product itself produces.
 * Idempotent: a present Acme demo workspace means it ran. Refuses production and real connectors.
 */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('DemoData');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly seedUsers: SeedService,
    private readonly users: UsersService,
    private readonly workspaces: WorkspacesService,
    private readonly sharing: SharingService,
    private readonly files: FilesService,
    private readonly feedback: FeedbackService,
    private readonly jiraComments: JiraCommentCopies,
    private readonly notifications: NotificationsService,
    private readonly transmittals: TransmittalsService,
  ) {}

  async seed(): Promise<DemoSeedResult> {
    if (this.config.env === 'production') throw new Error('Demo data is never seeded in production');
    const started = Date.now();
    await this.seedUsers.run();
    const pm = await this.user('pm@portico.example');
    const existing = await this.workspaces.list(pm, 100);
    if (existing.items.some((w) => w.name === DEMO_ACME_WORKSPACE))
      return { created: false, seconds: (Date.now() - started) / 1000 };

    await this.seedAcme(pm);
    await this.seedBorealis(pm);
    const seconds = (Date.now() - started) / 1000;
    this.logger.log(`Demo data seeded in ${seconds.toFixed(1)} s`);
    return { created: true, seconds };
  }

  private async seedAcme(pm: AuthUser): Promise<void> {
    const [ana, ben] = [await this.user('ana@acme.example'), await this.user('ben@acme.example')];
    const workspace = await this.workspaces.create(
      pm,
      {
        name: DEMO_ACME_WORKSPACE,
        supplierOrgId: ana.orgId,
        jiraProjectKey: 'HW',
        feishuFolderToken: await this.feishuFolder(),
        defaultFields: ['summary', 'description', 'status', 'priority', 'Supplier due date', 'Part number'],
        statusMap: { 'In Progress': 'Being worked on', 'In Testing': 'Fix being verified', Done: 'Done' },
        accessExpiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      },
      META,
    );
    const share = (ref: string) =>
      this.sharing.addItem(pm, workspace.id, { sourceType: 'jira_issue', sourceRef: ref }, META);
    const publish = (id: string, note?: string) => this.sharing.publish(pm, id, note, META);

    // Six issues of various statuses, priorities and due dates, each published once.
    const refs = ['HW-1', 'HW-2', 'HW-5', 'HW-8', 'HW-11', 'HW-17'];
    const items = new Map<string, string>();
    for (const ref of refs) {
      const item = await share(ref);
      items.set(ref, item.id);
      await publish(item.id, 'First shared version');
    }
    // Ana read version 1 of the two items that change next (so they show as new versions) and acknowledged HW-1's.
    for (const ref of ['HW-1', 'HW-2']) await this.sharing.getVersion(ana, items.get(ref)!, 1, META);
    await this.sharing.acknowledge(ana, items.get('HW-1')!, 1, META);

    // HW-1: the layout tolerance tightens, then the supplier due date moves: versions 2 and 3.
    await this.editIssue('HW-1', {
      description:
        'Freeze the main PCB rev B layout.\nBoard outline tolerance: ±0.10 mm (was ±0.20 mm).\nAcceptance: AOI report attached to every lot.',
    });
    await publish(items.get('HW-1')!, 'Outline tolerance tightened to ±0.10 mm');
    await this.editIssue('HW-1', { customfield_10050: this.date(21) });
    await publish(items.get('HW-1')!, 'Due date moved three weeks later');
    // HW-2: a new acceptance criterion (version 2), and a further change left as a draft for the PM.
    await this.editIssue('HW-2', {
      description:
        'T1 mould trial for the enclosure.\nAcceptance criterion: no sink marks on the A-side; flatness ≤ 0.15 mm.',
    });
    await publish(items.get('HW-2')!, 'Acceptance criterion added');
    await this.editIssue('HW-2', { customfield_10050: this.date(9), priority: { name: 'Highest' } });
    await this.sharing.refreshSource('jira_issue', 'HW-2');

    // A Feishu document in two versions.
    const docRef = (await this.feishuDocuments())[0].documentId;
    const doc = await this.sharing.addItem(
      pm,
      workspace.id,
      { sourceType: 'feishu_doc', sourceRef: docRef },
      META,
    );
    await publish(doc.id, 'Supplier handbook shared');
    await this.sharing.getVersion(ana, doc.id, 1, META);
    await this.feishuControl(`documents/${docRef}/edit`, {
      appendParagraph: 'Update: cell voltage tolerance is now ±5 mV (was ±10 mV).',
    });
    await publish(doc.id, 'Cell voltage tolerance tightened');

    // A drawing: revision A superseded by B, which the PM approved; a CAD file waiting for review.
    const drawing = await this.files.create(
      ben,
      workspace.id,
      { documentNumber: 'D-102', title: 'Rear cover bracket', linkedItemId: items.get('HW-2') },
      META,
    );
    await this.upload(ben, drawing.id, 'D-102-A.pdf', drawingPdf('D-102 Rear cover bracket', 'A', 58), 'A');
    const revB = await this.upload(
      ben,
      drawing.id,
      'D-102-B.pdf',
      drawingPdf('D-102 Rear cover bracket', 'B', 60),
      'B',
    );
    await this.files.review(
      pm,
      drawing.id,
      revB,
      { reviewState: 'approved', note: 'Hole spacing 60 mm OK' },
      META,
    );
    const cad = await this.files.create(
      ben,
      workspace.id,
      { documentNumber: 'D-102-CAD', title: 'Rear cover bracket (DXF)' },
      META,
    );
    await this.upload(ben, cad.id, 'D-102-B.dxf', drawingDxf(60), 'B');

    // A transmittal for approval: HW-1 at version 3 with the approved drawing, unread by Ana.
    const transmittal = await this.transmittals.create(
      pm,
      workspace.id,
      {
        subject: 'Rear cover: outline and bracket for approval',
        purpose: 'for_approval',
        message: 'Please review the tightened outline tolerance together with the bracket drawing.',
        dueDate: this.date(7),
        contents: [
          { itemId: items.get('HW-1')!, version: 3 },
          { fileId: drawing.id, revisionSeq: revB },
        ],
      },
      META,
    );
    await this.transmittals.issue(pm, transmittal.transmittal.id, META);

    // A defect by Ben, delivered to Jira and moved to "In Testing" there.
    const defect = await this.feedback.createDefect(
      ben,
      workspace.id,
      {
        title: 'Rear cover: two M2.5 holes misaligned on lot 7',
        description: 'Holes 3 and 4 sit 0.4 mm off the D-102 rev B position on 12 of 50 parts.',
        severity: 'major',
        itemId: items.get('HW-2'),
      },
      META,
    );
    const jiraKey = await this.waitFor('the defect delivered to Jira', async () => {
      const { defect: row } = await this.feedback.getDefect(ben, defect.id);
      return row.jiraKey;
    });
    await this.jiraControl(`issues/${jiraKey}/transition`, { to: 'In Progress' });
    await this.jiraControl(`issues/${jiraKey}/transition`, { to: 'In Testing' });
    await this.waitFor('the defect status from Jira', async () => {
      const { timeline } = await this.feedback.getDefect(ben, defect.id);
      return timeline.length >= 2 ? true : null;
    });

    // A second defect, just reported: new for the PM.
    await this.feedback.createDefect(
      ben,
      workspace.id,
      {
        title: 'Gasket leaves a 0.3 mm gap at the battery door',
        description: 'Seen on 3 of 20 assembled units after the 85 °C / 85 % RH soak.',
        severity: 'minor',
        itemId: items.get('HW-17'),
      },
      META,
    );

    // A comment thread: Ana asks on HW-1 (delivered to Jira), the PM publishes Jira's answer.
    const comment = await this.feedback.addItemComment(
      ana,
      items.get('HW-1')!,
      { body: 'Can we keep ±0.15 mm on the connector side? Our router bit wears fast at ±0.10 mm.' },
      META,
    );
    await this.waitFor('the comment delivered to Jira', async () => {
      const page = await this.feedback.listItemComments(ana, items.get('HW-1')!, 50);
      return page.items.find((c) => c.id === comment.id && c.externalId) ? true : null;
    });
    const answer = await this.jiraControl<{ id: string }>('issues/HW-1/comments', {
      text: 'Yes: ±0.15 mm on the connector edge is fine; keep ±0.10 mm elsewhere.',
    });
    await this.jiraComments.publish(pm, items.get('HW-1')!, answer.id, META);

    // Unread notifications come from the events above; wait until they are there.
    await this.waitFor('notifications for Ana and the PM', async () =>
      (await this.notifications.unreadCount(ana)) > 0 && (await this.notifications.unreadCount(pm)) > 0
        ? true
        : null,
    );
  }

  private async seedBorealis(pm: AuthUser): Promise<void> {
    const sara = await this.user('sara@borealis.example');
    const workspace = await this.workspaces.create(
      pm,
      { name: DEMO_BOREALIS_WORKSPACE, supplierOrgId: sara.orgId, jiraProjectKey: 'HW' },
      META,
    );
    for (const ref of ['HW-23', 'HW-26']) {
      const item = await this.sharing.addItem(
        pm,
        workspace.id,
        { sourceType: 'jira_issue', sourceRef: ref },
        META,
      );
      await this.sharing.publish(pm, item.id, undefined, META);
    }
  }

  /** Uploads like the portal does: start, PUT the bytes to storage's presigned URL, complete (verified). */
  private async upload(
    user: AuthUser,
    fileId: string,
    fileName: string,
    body: Buffer,
    label: string,
  ): Promise<number> {
    const sha256 = createHash('sha256').update(body).digest('hex');
    const { revision, upload } = await this.files.startRevision(
      user,
      fileId,
      { fileName, size: body.length, sha256, label },
      META,
    );
    const parts = [];
    for (const part of upload.parts) {
      const start = (part.partNumber - 1) * upload.partSize;
      const response = await fetch(part.url, {
        method: 'PUT',
        body: body.subarray(start, start + part.size),
      });
      if (!response.ok) throw new Error(`storage refused part ${part.partNumber}: ${response.status}`);
      parts.push({ partNumber: part.partNumber, etag: response.headers.get('etag')! });
    }
    await this.files.completeRevision(user, fileId, revision.seq, { parts }, META);
    return revision.seq;
  }

  private async user(email: string): Promise<AuthUser> {
    const user = await this.users.findForLogin(email);
    if (!user) throw new Error(`demo user ${email} is missing`);
    return toAuthUser(user);
  }

  private date(daysFromNow: number): string {
    return new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);
  }

  private editIssue(key: string, fields: Record<string, unknown>): Promise<unknown> {
    return this.jiraControl(`issues/${key}/edit`, { fields });
  }

  private async jiraControl<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.control(`${this.config.raw.JIRA_BASE_URL}/_sim/${path}`, body) as Promise<T>;
  }

  private feishuControl(path: string, body: unknown): Promise<unknown> {
    return this.control(`${this.config.raw.FEISHU_BASE_URL}/_control/${path}`, body);
  }

  private async feishuDocuments(): Promise<{ documentId: string; folderToken: string }[]> {
    const response = await fetch(`${this.config.raw.FEISHU_BASE_URL}/_control/documents`);
    if (!response.ok) throw new Error(`Feishu simulator answered ${response.status}`);
    return (await response.json()) as { documentId: string; folderToken: string }[];
  }

  private async feishuFolder(): Promise<string> {
    return (await this.feishuDocuments())[0].folderToken;
  }

  private async control(url: string, body: unknown): Promise<unknown> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(
        `${url} answered ${response.status} (demo data needs the built-in Jira and Feishu simulators): ${await response.text()}`,
      );
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  /** Polls until `check` gives a value; queue work (Jira delivery, webhooks) runs on its own. */
  private async waitFor<T>(what: string, check: () => Promise<T | null | undefined>): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = await check();
      if (value !== null && value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}
