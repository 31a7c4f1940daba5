import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ProblemDetails } from '../core/api/api-types';
import { FilesApi } from './files-api.service';
import { PartUrl, Revision, UploadPlan } from './files.types';
import { PARALLEL_PARTS, partSizeFor } from './part-plan';
import { digestsInWorker } from './sha256';

export type UploadPhase = 'hashing' | 'uploading' | 'verifying' | 'scanning' | 'done' | 'failed';

const ATTEMPTS_PER_PART = 4;

class PartFailed extends Error {
  constructor(readonly status: number) {
    super(`part upload failed with status ${status}`);
  }
}

/**
 * One revision upload (docs/architecture.md): SHA-256 in a worker, parts PUT straight to storage with
 * progress, each failed part retried (with a fresh URL once the old one expired), then completion,
 * which the API verifies. A failed upload can be resumed: only missing parts are sent again.
 */
export class RevisionUpload {
  readonly phase = signal<UploadPhase>('hashing');
  /** 0–100 within the current phase. */
  readonly percent = signal(0);
  readonly error = signal<string | null>(null);
  readonly revision = signal<Revision | null>(null);

  private seq: number | undefined;
  private readonly etags = new Map<number, string>();
  private readonly loaded = new Map<number, number>();

  constructor(
    private readonly api: FilesApi,
    private readonly fileId: string,
    readonly file: File,
    private readonly label?: string,
    /** Sends a part; replaceable in tests. */
    private readonly sendPart: (
      url: string,
      body: Blob,
      progress: (loaded: number) => void,
      headers: Record<string, string>,
    ) => Promise<string> = putPart,
  ) {}

  get canResume(): boolean {
    return this.phase() === 'failed' && this.seq !== undefined && this.revision() === null;
  }

  async run(): Promise<Revision | null> {
    this.error.set(null);
    try {
      let plan: UploadPlan;
      if (this.seq === undefined) {
        this.phase.set('hashing');
        this.percent.set(0);
        const partSize = partSizeFor(this.file.size);
        const { sha256, partChecksums } = await digestsInWorker(this.file, partSize, (done) =>
          this.percent.set(Math.floor((done / Math.max(this.file.size, 1)) * 100)),
        );
        const started = await firstValueFrom(
          this.api.startRevision(this.fileId, {
            fileName: this.file.name,
            size: this.file.size,
            sha256,
            partSize,
            partChecksums,
            ...(this.label ? { label: this.label } : {}),
          }),
        );
        this.seq = started.revision.seq;
        plan = started.upload;
      } else {
        plan = await firstValueFrom(this.api.partUrls(this.fileId, this.seq));
        if (plan.uploadedParts) {
          // The storage's part list is the truth: send again what it lacks, and what it holds but
          // whose ETag never reached us (the answer to that PUT was lost), since completing needs it.
          for (const part of plan.parts) this.etags.delete(part.partNumber);
          const lost = plan.uploadedParts.filter((n) => !this.etags.has(n));
          if (lost.length) {
            const again = await firstValueFrom(this.api.partUrls(this.fileId, this.seq, lost));
            plan = { ...plan, parts: [...plan.parts, ...again.parts] };
          }
        }
      }
      this.phase.set('uploading');
      await this.uploadParts(plan);
      this.phase.set('verifying');
      const parts = [...this.etags]
        .sort(([a], [b]) => a - b)
        .map(([partNumber, etag]) => ({ partNumber, etag }));
      const revision = await firstValueFrom(this.api.complete(this.fileId, this.seq, parts));
      this.revision.set(revision);
      this.percent.set(100);
      // Uploaded. A large file is still `verifying` (the revision list shows it until it is available);
      // a verified one may still wait for the malware scanner.
      this.phase.set(revision.state === 'scanning' ? 'scanning' : 'done');
      return revision;
    } catch (error) {
      this.error.set(describe(error));
      this.phase.set('failed');
      return null;
    }
  }

  private async uploadParts(plan: UploadPlan): Promise<void> {
    const queue = plan.parts.filter((p) => !this.etags.has(p.partNumber));
    this.reportProgress();
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) await this.uploadPart(part, plan.partSize);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, worker));
  }

  private async uploadPart(part: PartUrl, partSize: number): Promise<void> {
    const start = (part.partNumber - 1) * partSize;
    const body = this.file.slice(start, start + part.size);
    let url = part.url;
    for (let attempt = 1; ; attempt++) {
      try {
        const etag = await this.sendPart(
          url,
          body,
          (loaded) => {
            this.loaded.set(part.partNumber, loaded);
            this.reportProgress();
          },
          part.headers ?? {},
        );
        this.etags.set(part.partNumber, etag);
        this.loaded.set(part.partNumber, part.size);
        this.reportProgress();
        return;
      } catch (error) {
        this.loaded.set(part.partNumber, 0);
        if (attempt >= ATTEMPTS_PER_PART) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
        // A 403 from storage usually means the URL expired: ask for a fresh one.
        if (error instanceof PartFailed && error.status === 403 && this.seq !== undefined) {
          const fresh = await firstValueFrom(this.api.partUrls(this.fileId, this.seq, [part.partNumber]));
          url = fresh.parts.find((p) => p.partNumber === part.partNumber)?.url ?? url;
        }
      }
    }
  }

  private reportProgress(): void {
    let sent = 0;
    for (const bytes of this.loaded.values()) sent += bytes;
    this.percent.set(Math.min(99, Math.floor((sent / Math.max(this.file.size, 1)) * 100)));
  }
}

/** XMLHttpRequest rather than fetch: only it reports upload progress. */
function putPart(
  url: string,
  body: Blob,
  progress: (loaded: number) => void,
  headers: Record<string, string>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    // Signed into the URL: the part's SHA-256, which the storage checks the bytes against.
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => progress(event.loaded);
    xhr.onload = () => {
      const etag = xhr.getResponseHeader('ETag');
      if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
      else reject(new PartFailed(xhr.status));
    };
    xhr.onerror = () => reject(new PartFailed(0));
    xhr.send(body);
  });
}

function describe(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    const problem = (error.error ?? {}) as ProblemDetails;
    const fields = problem.errors?.map((e) => `${e.field} ${e.message}`).join('; ');
    return fields || problem.detail || problem.title || `HTTP ${error.status}`;
  }
  if (error instanceof PartFailed) return error.status === 0 ? 'network' : `storage answered ${error.status}`;
  return error instanceof Error ? error.message : String(error);
}
