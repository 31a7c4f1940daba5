import { HttpErrorResponse } from '@angular/common/http';
import { computed, signal } from '@angular/core';
import { ProblemDetails } from '../core/api/api-types';
import { FilesApi } from '../files/files-api.service';
import { RevisionUpload } from '../files/revision-upload';

/** The longest title the files API takes. */
const MAX_TITLE = 300;

/**
 * A file attached to a defect report. It is stored the way every drawing is: a new file of the
 * workspace whose first revision goes through the same presigned multipart upload as the files page,
 * so the API verifies it and can carry it to Jira; the report then refers to that revision by id.
 */
export class DefectAttachment {
  readonly upload = signal<RevisionUpload | null>(null);
  /** Why the workspace file could not be created (the upload's own errors are on `upload`). */
  private readonly createError = signal<string | null>(null);
  /** The workspace file created for this attachment, while it may still need deleting. */
  private fileId: string | null = null;

  readonly revisionId = computed(() => this.upload()?.revision()?.id ?? null);
  readonly error = computed(() => this.createError() ?? this.upload()?.error() ?? null);
  readonly busy = computed(() => !this.revisionId() && !this.error());

  constructor(
    private readonly api: FilesApi,
    private readonly workspaceId: string,
    readonly file: File,
    /** How parts reach storage; replaceable in tests. */
    private readonly sendPart?: ConstructorParameters<typeof RevisionUpload>[4],
  ) {}

  async run(): Promise<void> {
    const existing = this.upload();
    if (existing?.canResume) {
      await existing.run();
      return;
    }
    this.createError.set(null);
    try {
      const created = await this.api.create(this.workspaceId, {
        documentNumber: attachmentNumber(),
        title: [...this.file.name].slice(0, MAX_TITLE).join('') || 'attachment',
      });
      this.fileId = created.id;
      const upload = new RevisionUpload(this.api, created.id, this.file, undefined, this.sendPart);
      this.upload.set(upload);
      await upload.run();
      // Refused before any upload began (type, size): nothing to resume, so the file goes; trying again starts afresh.
      if (upload.phase() === 'failed' && !upload.canResume) await this.discard();
    } catch (error) {
      this.createError.set(describe(error));
    }
  }

  /**
   * Deletes the workspace file this attachment created unless it holds an uploaded revision (refused,
   * or removed from the form before it was uploaded), so no empty `ATT-…` file stays in the files
   * list. Best effort: what the API keeps, or cannot be reached for, stays as it is.
   */
  async discard(): Promise<void> {
    const fileId = this.fileId;
    if (!fileId || this.revisionId()) return;
    this.fileId = null;
    try {
      const file = await this.api.get(fileId);
      for (const open of file.revisions.filter((r) => r.state === 'uploading'))
        await this.api.abort(fileId, open.seq);
      await this.api.deleteFile(fileId);
    } catch {
      // The files list still shows it; its creator can see what it is from its title.
    }
  }
}

/** A document number that cannot collide with a drawing's: ATT-, the time, and a random tail. */
export function attachmentNumber(now = Date.now(), random = Math.random()): string {
  const tail = Math.floor(random * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `ATT-${now.toString(36)}-${tail}`.toUpperCase();
}

function describe(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    const problem = (error.error ?? {}) as ProblemDetails;
    return problem.detail || problem.title || `HTTP ${error.status}`;
  }
  return error instanceof Error ? error.message : String(error);
}
