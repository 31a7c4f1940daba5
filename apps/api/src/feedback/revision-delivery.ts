import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { DataSource } from 'typeorm';
import { StorageService } from '../storage';
import { FlowBackRecord } from './entities/flow-back-record.entity';
import { LinkedRevision } from './linked-records';
import { AttemptInProgress, returnedRows } from './attempt-lease';

const SUBJECT = 'FileRevision';
const TRANSFER_LEASE_SECONDS = 600;

/**
 * Carries stored file revisions to Jira (attachments) and Feishu Drive, streaming them from object
 * storage without buffering. Each delivery is claimed and recorded in `flow_back_record`; an attempt
 * taking over an expired one looks for the file by name before sending it again.
 */
@Injectable()
export class RevisionDelivery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    @Inject(FEISHU_CLIENT) private readonly feishu: FeishuClient,
    private readonly storage: StorageService,
  ) {}

  /** `D-102_revC.pdf`: the document number and revision label, with the uploaded file's extension. */
  attachmentName(
    revision: Pick<LinkedRevision, 'documentNumber' | 'label' | 'seq' | 'originalName'>,
  ): string {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(revision.originalName)?.[0] ?? '';
    const stem = revision.documentNumber.replace(/[\\/:*?"<>|\s]+/g, '-');
    return `${stem}_rev${revision.label ?? revision.seq}${ext}`;
  }

  /** Attaches each revision to the issue once, named by `nameOf` (drawings: `attachmentName`). */
  async attachToIssue(
    issueKey: string,
    revisions: LinkedRevision[],
    nameOf: (revision: LinkedRevision) => string = (r) => this.attachmentName(r),
  ): Promise<void> {
    const target = `jira-attachment:${issueKey}`;
    let existing: Array<{ id?: string; filename?: string }> | undefined;
    for (const revision of revisions) {
      const claim = await this.claim(revision.id, target);
      if ('delivered' in claim) continue;
      const name = nameOf(revision);
      if (claim.previous) {
        existing ??= ((await this.jira.getIssue(issueKey, { fields: ['attachment'] })).fields.attachment ??
          []) as Array<{ id?: string; filename?: string }>;
        const already = existing.find((a) => a.filename === name);
        if (already) {
          await this.delivered(revision.id, target, String(already.id));
          continue;
        }
      }
      const [attachment] = await this.jira.addAttachment(issueKey, {
        filename: name,
        content: () => lazily(() => this.openStream(revision)),
        contentType: revision.contentType,
        size: revision.size,
      });
      await this.delivered(revision.id, target, String(attachment?.id ?? ''));
    }
  }

  /** Uploads the revision into the Drive folder once; returns the file token. */
  async uploadToFolder(folderToken: string, revision: LinkedRevision): Promise<string> {
    const target = `feishu-drive:${folderToken}`.slice(0, 100);
    const claim = await this.claim(revision.id, target);
    if ('delivered' in claim) return claim.delivered;
    const name = this.attachmentName(revision);
    if (claim.previous) {
      for await (const file of this.feishu.listFolder(folderToken)) {
        if (file.name === name && file.type === 'file') {
          await this.delivered(revision.id, target, file.token);
          return file.token;
        }
      }
    }
    const content = await this.openStream(revision);
    // A failed upload must not leave the storage response open (it would hold the connection forever).
    try {
      const result = await this.feishu.uploadFile({
        folderToken,
        fileName: name,
        size: revision.size,
        content,
      });
      await this.delivered(revision.id, target, result.fileToken);
      return result.fileToken;
    } finally {
      content.destroy();
    }
  }

  /**
   * The lease on sending one revision to one target (see attempt-lease.ts; longer here, transfers of
   * large drawings take time). `previous`: an earlier attempt's outcome is unknown, look first.
   */
  private async claim(
    subjectId: string,
    target: string,
  ): Promise<{ previous: boolean } | { delivered: string }> {
    const rows = returnedRows<{ previous: boolean }>(
      await this.dataSource.query(
        `INSERT INTO flow_back_record (subject_type, subject_id, target) VALUES ($1, $2, $3)
         ON CONFLICT (subject_type, subject_id, target) DO UPDATE SET attempted_at = now()
           WHERE flow_back_record.delivered_at IS NULL AND flow_back_record.attempted_at < now() - make_interval(secs => $4)
         RETURNING (xmax <> 0) AS previous`,
        [SUBJECT, subjectId, target, TRANSFER_LEASE_SECONDS],
      ),
    );
    if (rows.length) return { previous: rows[0].previous };
    const record = await this.dataSource
      .getRepository(FlowBackRecord)
      .findOneBy({ subjectType: SUBJECT, subjectId, target });
    if (record?.deliveredAt) return { delivered: record.externalId ?? '' };
    const age = record ? (Date.now() - record.attemptedAt.getTime()) / 1000 : 0;
    throw new AttemptInProgress(Math.max(1, Math.min(30, Math.ceil(TRANSFER_LEASE_SECONDS - age))));
  }

  private async openStream(revision: LinkedRevision): Promise<Readable> {
    const url = await this.storage.presignDownload(revision.objectKey, {
      fileName: revision.originalName,
      contentType: revision.contentType,
      disposition: 'attachment',
    });
    const response = await fetch(url);
    if (!response.ok || !response.body)
      throw new Error(`object storage answered ${response.status} for revision ${revision.id}`);
    return Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
  }

  private async delivered(subjectId: string, target: string, externalId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO flow_back_record (subject_type, subject_id, target, external_id, delivered_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (subject_type, subject_id, target) DO UPDATE SET external_id = EXCLUDED.external_id, delivered_at = EXCLUDED.delivered_at`,
      [SUBJECT, subjectId, target, externalId],
    );
  }
}

/**
 * Jira names of a defect report's attachments: the name the supplier uploaded (`seam photo.pdf`), so
 * the team recognises it. Names two attachments share (case-insensitively) get the document number
 * and revision label too (`seam photo_ATT-…_revA.pdf`), which are unique in the workspace; the result
 * depends only on the list, so a retried delivery finds what an earlier attempt attached.
 */
export function defectAttachmentNames(
  revisions: Array<Pick<LinkedRevision, 'id' | 'documentNumber' | 'label' | 'seq' | 'originalName'>>,
): Map<string, string> {
  const plain = (r: { originalName: string }) =>
    r.originalName.replace(/[\\/]+/g, '-').trim() || 'attachment';
  const count = new Map<string, number>();
  for (const r of revisions) count.set(plain(r).toLowerCase(), (count.get(plain(r).toLowerCase()) ?? 0) + 1);
  return new Map(
    revisions.map((r) => {
      const name = plain(r);
      if (count.get(name.toLowerCase()) === 1) return [r.id, name];
      const ext = /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? '';
      const stem = r.documentNumber.replace(/[\\/:*?"<>|\s]+/g, '-');
      return [r.id, `${name.slice(0, name.length - ext.length)}_${stem}_rev${r.label ?? r.seq}${ext}`];
    }),
  );
}

/** A stream available at once whose bytes come from a source opened asynchronously (a fresh one per attempt). */
function lazily(open: () => Promise<Readable>): Readable {
  const stream = new PassThrough();
  open().then(
    (source) => {
      source.on('error', (error) => stream.destroy(error));
      source.pipe(stream);
    },
    (error: Error) => stream.destroy(error),
  );
  return stream;
}
