import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoDirective } from '@jsverse/transloco';
import type { ProblemDetails } from '../core/api/api-types';
import {
  IntegrationsApi,
  WebhookDelivery as Delivery,
  WebhookEndpoint as Endpoint,
  WebhookEndpointWithSecret as EndpointWithSecret,
} from './integrations-api.service';

type WebhookEvent = Endpoint['events'][number];

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  'item.shared',
  'item.version_published',
  'item.withdrawn',
  'defect.status_changed',
  'comment.created',
  'file.revision_reviewed',
  'transmittal.issued',
  'transmittal.responded',
];

/**
 * An organisation's webhook endpoints on its Integrations page: register, enable/disable, rotate the
 * signing secret (shown once), delete, send a test, and read the delivery log with Redeliver.
 */
@Component({
  selector: 'app-webhooks-section',
  imports: [
    DatePipe,
    FormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSlideToggleModule,
    TranslocoDirective,
  ],
  templateUrl: './webhooks-section.component.html',
  styleUrl: './integrations.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebhooksSection {
  private readonly api = inject(IntegrationsApi);
  readonly orgId = input.required<string>();

  readonly events = WEBHOOK_EVENTS;
  readonly endpoints = signal<Endpoint[]>([]);
  readonly secret = signal<EndpointWithSecret | null>(null);
  readonly error = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  readonly copied = signal(false);
  /** The endpoint whose delivery log is open, and the log. */
  readonly open = signal<string | null>(null);
  readonly deliveries = signal<Delivery[]>([]);

  url = '';
  description = '';
  readonly chosen = signal<ReadonlySet<WebhookEvent>>(new Set(['item.version_published']));

  constructor() {
    effect(() => {
      if (this.orgId()) void this.load();
    });
  }

  /** Translation keys cannot contain dots: `item.shared` → `item_shared`. */
  eventKey(event: WebhookEvent): string {
    return event.replace('.', '_');
  }

  toggle(event: WebhookEvent, on: boolean): void {
    this.chosen.update((set) => {
      const next = new Set(set);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });
  }

  async load(): Promise<void> {
    await this.run(async () => {
      this.endpoints.set(await this.api.endpoints(this.orgId()));
    });
  }

  async create(): Promise<void> {
    await this.run(async () => {
      const created = await this.api.createEndpoint(this.orgId(), {
        url: this.url.trim(),
        description: this.description.trim(),
        events: WEBHOOK_EVENTS.filter((e) => this.chosen().has(e)),
      });
      this.showSecret(created);
      this.url = '';
      this.description = '';
      await this.load();
    });
  }

  async setEnabled(endpoint: Endpoint, enabled: boolean): Promise<void> {
    await this.run(async () => {
      await this.api.setEnabled(this.orgId(), endpoint.id, enabled);
      await this.load();
    });
  }

  async rotate(endpoint: Endpoint): Promise<void> {
    await this.run(async () => {
      this.showSecret(await this.api.rotateSecret(this.orgId(), endpoint.id));
      await this.load();
    });
  }

  async remove(endpoint: Endpoint): Promise<void> {
    await this.run(async () => {
      await this.api.deleteEndpoint(this.orgId(), endpoint.id);
      if (this.secret()?.id === endpoint.id) this.secret.set(null);
      if (this.open() === endpoint.id) this.open.set(null);
      await this.load();
    });
  }

  async sendTest(endpoint: Endpoint): Promise<void> {
    await this.run(async () => {
      await this.api.sendTest(this.orgId(), endpoint.id);
      this.notice.set('queued');
      await this.showLog(endpoint.id);
    });
  }

  async showLog(endpointId: string): Promise<void> {
    this.open.set(endpointId);
    await this.run(async () => {
      this.deliveries.set(await this.api.deliveries(this.orgId(), endpointId));
    });
  }

  async redeliver(delivery: Delivery): Promise<void> {
    await this.run(async () => {
      await this.api.redeliver(this.orgId(), delivery.id);
      this.notice.set('queued');
      const open = this.open();
      if (open) await this.showLog(open);
    });
  }

  async copy(secret: string): Promise<void> {
    await navigator.clipboard.writeText(secret);
    this.copied.set(true);
  }

  private showSecret(endpoint: EndpointWithSecret): void {
    this.copied.set(false);
    this.secret.set(endpoint);
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      const problem = error instanceof HttpErrorResponse ? ((error.error ?? {}) as ProblemDetails) : {};
      const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
      this.error.set(fields || problem.detail || problem.title || String(error));
    }
  }
}
