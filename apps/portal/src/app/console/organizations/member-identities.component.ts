import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import type { OrgUser } from '../api/console-api.types';
import {
  MENTION_IDENTITY_FIELDS,
  MentionIdentities,
  OrganizationsApi,
} from '../../team/organizations-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/**
 * Admins map internal users to the Feishu / DingTalk / Jira identities trigger rules @-mention them by
 * (the Feishu open_id is also set by Feishu sign-in). A cleared field is sent as null.
 */
@Component({
  selector: 'app-member-identities',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <div class="card" *transloco="let t">
      <h2>{{ t('console.orgs.identities.title') }}</h2>
      <p class="muted">{{ t('console.orgs.identities.hint') }}</p>
      <app-problem-alert [problem]="problem()" />
      @for (m of members(); track m.id) {
        <form
          class="row"
          (ngSubmit)="save(m)"
          [attr.aria-label]="t('console.orgs.identities.of', { name: m.displayName })"
        >
          <span class="who">{{ m.displayName }}</span>
          @for (field of fields; track field) {
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>{{ t('console.orgs.identities.' + field) }}</mat-label>
              <input matInput [name]="field" [(ngModel)]="draft(m)[field]" maxlength="128" />
            </mat-form-field>
          }
          <button mat-stroked-button type="submit" [disabled]="busy()">{{ t('console.common.save') }}</button>
          @if (saved() === m.id) {
            <span role="status">{{ t('console.common.saved') }}</span>
          }
        </form>
      }
    </div>
  `,
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-bottom: 8px;
    }
    .who {
      flex: 0 0 140px;
    }
    .row mat-form-field {
      flex: 1 1 150px;
      min-width: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MemberIdentitiesComponent {
  private readonly api = inject(OrganizationsApi);
  readonly members = input.required<OrgUser[]>();
  readonly changed = output<OrgUser>();
  readonly fields = MENTION_IDENTITY_FIELDS;
  readonly busy = signal(false);
  readonly saved = signal<string | null>(null);
  readonly problem = signal<ApiProblem | null>(null);
  private readonly drafts = new Map<string, Record<(typeof MENTION_IDENTITY_FIELDS)[number], string>>();

  draft(member: OrgUser): Record<(typeof MENTION_IDENTITY_FIELDS)[number], string> {
    let draft = this.drafts.get(member.id);
    if (!draft) {
      draft = Object.fromEntries(this.fields.map((f) => [f, member[f] ?? ''])) as Record<
        (typeof MENTION_IDENTITY_FIELDS)[number],
        string
      >;
      this.drafts.set(member.id, draft);
    }
    return draft;
  }

  async save(member: OrgUser): Promise<void> {
    const draft = this.draft(member);
    const changes: MentionIdentities = {};
    for (const field of this.fields) {
      const value = draft[field].trim() || null;
      if (value !== (member[field] ?? null)) changes[field] = value;
    }
    if (!Object.keys(changes).length) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const updated = await this.api.updateUser(member.id, changes);
      this.drafts.delete(member.id);
      this.saved.set(member.id);
      this.changed.emit(updated);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
