import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { TransmittalResponseComponent } from './transmittal-response.component';
import { codeLabel, contentLink, stateKey } from './transmittals';
import { FilesApi } from '../files/files-api.service';
import { OrganizationsApi } from '../team/organizations-api.service';
import type { OrgUser } from '../team/organizations.types';
import { TransmittalsApi } from './transmittals-api.service';
import { UnreadTransmittals } from './unread-transmittals.service';
import type { ReviewCode, Transmittal, TransmittalContent } from './transmittals.types';

/**
 * One transmittal as the supplier sees it: what was issued and why, each content at its issued revision,
 * the receipt (opened on load, acknowledged by a button) and, where asked for, the response.
 */
@Component({
  selector: 'app-transmittal-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
    TransmittalResponseComponent,
  ],
  templateUrl: './transmittal.page.html',
  styleUrl: './transmittals.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransmittalPage {
  private readonly api = inject(TransmittalsApi);
  private readonly files = inject(FilesApi);
  private readonly organizations = inject(OrganizationsApi);
  private readonly auth = inject(AuthService);
  private readonly unread = inject(UnreadTransmittals);
  /** Route parameter. */
  readonly id = input.required<string>();

  readonly transmittal = signal<Transmittal | null>(null);
  readonly codes = signal<ReviewCode[]>([]);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly busy = signal(false);
  readonly actionFailed = signal(false);
  readonly stateKey = stateKey;
  readonly link = contentLink;
  readonly isAdmin = computed(() => this.auth.user()?.role === 'supplier_admin');
  readonly members = signal<OrgUser[]>([]);
  responders: string[] = [];
  readonly respondersSaved = signal(false);
  /** The response form is shown while one is asked for and not yet given. */
  readonly awaitingResponse = computed(() => {
    const tr = this.transmittal();
    return !!tr && tr.responseRequired && !tr.response && tr.status === 'issued';
  });

  constructor() {
    effect(() => void this.load(this.id()));
  }

  async load(id: string): Promise<void> {
    this.state.set('loading');
    try {
      const tr = await this.api.get(id);
      this.transmittal.set(tr);
      this.state.set('ready');
      // Opening it made it read.
      void this.unread.refresh();
      if (tr.responseRequired) void this.loadCodes(tr);
      if (this.isAdmin() && tr.responseRequired && !tr.response) void this.loadMembers();
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  codeLabel(code: string): string {
    return codeLabel(code, this.codes());
  }

  /** Opening a content records that it was previewed; the link then shows exactly that revision. */
  opened(content: TransmittalContent): void {
    void this.api.receipt(this.id(), content.id, 'previewed').catch(() => undefined);
  }

  /**
   * Records the download, then lets the browser fetch the revision from storage (the URL is asked for
   * as JSON: a followed redirect would carry the bearer token to storage).
   */
  async download(content: TransmittalContent): Promise<void> {
    if (!content.fileId || content.revisionSeq === undefined) return;
    this.actionFailed.set(false);
    try {
      await this.api.receipt(this.id(), content.id, 'downloaded');
      window.location.assign(
        await this.files.downloadUrl(content.fileId, content.revisionSeq, false, this.id()),
      );
    } catch {
      this.actionFailed.set(true);
    }
  }

  async acknowledge(): Promise<void> {
    this.busy.set(true);
    this.actionFailed.set(false);
    try {
      this.transmittal.set(await this.api.acknowledge(this.id()));
    } catch {
      this.actionFailed.set(true);
    } finally {
      this.busy.set(false);
    }
  }

  responded(tr: Transmittal): void {
    this.transmittal.set(tr);
  }

  async saveResponders(): Promise<void> {
    this.respondersSaved.set(false);
    this.actionFailed.set(false);
    try {
      this.responders = (await this.api.setResponders(this.id(), this.responders)).userIds;
      this.respondersSaved.set(true);
    } catch {
      this.actionFailed.set(true);
    }
  }

  /** The codes a response may use are the workspace's, from its transmittal settings. */
  private async loadCodes(tr: Transmittal): Promise<void> {
    try {
      this.codes.set((await this.api.settings(tr.workspaceId)).reviewCodes);
    } catch {
      this.actionFailed.set(true);
    }
  }

  private async loadMembers(): Promise<void> {
    const orgId = this.auth.user()?.orgId;
    if (!orgId) return;
    try {
      const [page, named] = await Promise.all([
        this.organizations.members(orgId, null, 100),
        this.api.responders(this.id()),
      ]);
      this.members.set(page.items.filter((m) => m.role === 'supplier_member'));
      this.responders = named.userIds;
    } catch {
      // Naming responders is optional; the rest of the page works without the member list.
    }
  }
}
