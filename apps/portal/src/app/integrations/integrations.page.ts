import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { ProblemDetails } from '../core/api/api-types';
import { AuthService } from '../core/auth/auth.service';
import { ApiToken, CreatedApiToken, IntegrationsApi } from './integrations-api.service';
import { WebhooksSection } from './webhooks-section.component';

type Scope = ApiToken['scopes'][number];

export const API_TOKEN_SCOPES: readonly Scope[] = [
  'items:read',
  'files:read',
  'files:write',
  'defects:read',
  'defects:write',
  'comments:write',
];

const DAY_MS = 86_400_000;

/** `yyyy-mm-dd` of a date in local time, as a date input wants it. */
function dateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * API tokens: an organisation's (supplier admins on /integrations, admins in the console for any
 * organisation, route parameter `id`) or the caller's own personal tokens (route data `personal`).
 * A new token's secret is shown once, right after it was made.
 */
@Component({
  selector: 'app-integrations-page',
  imports: [
    DatePipe,
    FormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    WebhooksSection,
  ],
  templateUrl: './integrations.page.html',
  styleUrl: './integrations.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntegrationsPage {
  private readonly api = inject(IntegrationsApi);
  private readonly route = inject(ActivatedRoute);
  private readonly me = inject(AuthService).user;

  readonly personal = this.route.snapshot.data['personal'] === true;
  readonly orgId = computed(() => this.route.snapshot.paramMap.get('id') ?? this.me()?.orgId ?? '');
  /** Whose tokens: the caller's own (null) or the organisation's. */
  private readonly owner = computed(() => (this.personal ? null : this.orgId()));

  readonly scopes = API_TOKEN_SCOPES;
  readonly tokens = signal<ApiToken[]>([]);
  readonly created = signal<CreatedApiToken | null>(null);
  readonly error = signal<string | null>(null);
  readonly copied = signal(false);
  readonly minDate = dateInput(new Date(Date.now() + DAY_MS));
  readonly maxDate = dateInput(new Date(Date.now() + 365 * DAY_MS));

  name = '';
  expires = dateInput(new Date(Date.now() + 90 * DAY_MS));
  readonly chosen = signal<ReadonlySet<Scope>>(new Set(['items:read']));

  constructor() {
    void this.load();
  }

  isActive(token: ApiToken): boolean {
    return !token.revokedAt && new Date(token.expiresAt).getTime() > Date.now();
  }

  toggle(scope: Scope, on: boolean): void {
    this.chosen.update((set) => {
      const next = new Set(set);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });
  }

  async load(): Promise<void> {
    try {
      this.tokens.set(await this.api.tokens(this.owner()));
    } catch (error) {
      this.fail(error);
    }
  }

  async create(): Promise<void> {
    this.error.set(null);
    this.copied.set(false);
    try {
      // End of the chosen day, local time.
      const expiresAt = new Date(`${this.expires}T23:59:59`).toISOString();
      const token = await this.api.createToken(this.owner(), {
        name: this.name.trim(),
        scopes: API_TOKEN_SCOPES.filter((s) => this.chosen().has(s)),
        expiresAt,
      });
      this.created.set(token);
      this.name = '';
      await this.load();
    } catch (error) {
      this.fail(error);
    }
  }

  async copy(secret: string): Promise<void> {
    await navigator.clipboard.writeText(secret);
    this.copied.set(true);
  }

  async revoke(token: ApiToken): Promise<void> {
    try {
      await this.api.revokeToken(this.owner(), token.id);
      if (this.created()?.id === token.id) this.created.set(null);
      await this.load();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const problem = error instanceof HttpErrorResponse ? ((error.error ?? {}) as ProblemDetails) : {};
    const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    this.error.set(fields || problem.detail || problem.title || String(error));
  }
}
