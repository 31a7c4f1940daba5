import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, OnInit, signal } from '@angular/core';
import { FormArray, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective, TranslocoService } from '@jsverse/transloco';
import { toApiProblem } from '../../core/api/api-problem';
import {
  MENTION_ROLES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  NotificationChannel,
  NotificationRule,
  RULE_TEMPLATES,
  RulePreview,
  RuleStatus,
  STATUS_EVENTS,
} from '../api/console-api.types';
import { OrganizationsApi } from '../../team/organizations-api.service';
import { WorkspacesApi } from '../api/workspaces-api.service';
import { RulePreviewComponent } from './rule-preview.component';
import { NotificationRow, notificationRow, toNotificationRule } from './workspace-form.model';

const GROUP_CHANNELS: readonly NotificationChannel[] = ['feishu_chat', 'dingtalk'];

/**
 * Trigger rules: which event notifies through which channels (Feishu group, DingTalk, email, in-app),
 * whom the group messages @-mention, a preview of the message, a test send, and what each saved rule
 * last did ("not mentioned: no Feishu account linked").
 */
@Component({
  selector: 'app-notification-rules-editor',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    TranslocoDirective,
    DatePipe,
    RulePreviewComponent,
  ],
  template: `
    <fieldset class="rows" *transloco="let t">
      <legend>{{ t('console.notify.legend') }}</legend>
      @for (row of rows().controls; track row; let i = $index) {
        <div
          class="row"
          [formGroup]="row"
          role="group"
          [attr.aria-label]="t('console.notify.rule', { n: i + 1 })"
        >
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ t('console.notify.event') }}</mat-label>
            <mat-select formControlName="event">
              @for (event of events; track event) {
                <mat-option [value]="event">{{
                  t('console.notify.events.' + event.replaceAll('.', '_'))
                }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <div class="channels" role="group" [attr.aria-label]="t('console.notify.channels')">
            @for (channel of channels; track channel) {
              <mat-checkbox
                [checked]="row.controls.channels.value.includes(channel)"
                (change)="toggle(row, channel, $event.checked)"
                >{{ t('console.notify.channel.' + channel) }}</mat-checkbox
              >
            }
          </div>
          @if (statusEvents.includes(row.controls.event.value)) {
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>{{ t('console.notify.whenStatus') }}</mat-label>
              <input matInput formControlName="whenStatus" maxlength="1000" />
              <mat-hint>{{ t('console.notify.whenStatusHint') }}</mat-hint>
            </mat-form-field>
          }
          @if (row.controls.event.value === 'item.version_unacknowledged') {
            <mat-form-field subscriptSizing="dynamic" class="days">
              <mat-label>{{ t('console.notify.afterDays') }}</mat-label>
              <input matInput type="number" min="1" max="365" formControlName="afterDays" />
            </mat-form-field>
          }
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ t('console.notify.mention') }}</mat-label>
            <mat-select formControlName="mention" multiple>
              @for (role of mentionRoles; track role) {
                <mat-option [value]="role">{{ t('console.notify.targets.' + role) }}</mat-option>
              }
              @for (person of people(); track person.id) {
                <mat-option [value]="'user:' + person.id">{{ person.displayName }}</mat-option>
              }
            </mat-select>
            <mat-hint>{{ t('console.notify.mentionHint') }}</mat-hint>
          </mat-form-field>
          <div class="tools">
            @if (workspaceId()) {
              <button mat-button type="button" (click)="preview(i, row)">
                {{ t('console.notify.preview') }}
              </button>
              <button mat-button type="button" [disabled]="!postsToGroup(row)" (click)="sendTest(i, row)">
                {{ t('console.notify.sendTest') }}
              </button>
            }
            <button
              mat-button
              type="button"
              (click)="remove(i)"
              [attr.aria-label]="t('console.notify.remove', { n: i + 1 })"
            >
              {{ t('console.common.remove') }}
            </button>
          </div>
          @if (notes()[i]; as note) {
            <p class="note" role="status">{{ note }}</p>
          }
          @if (previews()[i]; as shown) {
            <app-rule-preview [preview]="shown" />
          }
          @for (status of statuses()[i]?.channels ?? []; track status.channel) {
            <p class="last-sent">
              {{
                t('console.notify.lastSent', {
                  channel: t('console.notify.channel.' + status.channel),
                  at: status.sentAt | date: 'short',
                })
              }}
              @for (n of status.notMentioned; track $index) {
                <span class="not-mentioned">{{
                  n.name +
                    ': ' +
                    t('console.notify.notMentioned', { reason: t('console.notify.reasons.' + n.reason) })
                }}</span>
              }
            </p>
          }
        </div>
      }
      <div class="add">
        <button mat-stroked-button type="button" (click)="add()">{{ t('console.notify.add') }}</button>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>{{ t('console.notify.fromTemplate') }}</mat-label>
          <mat-select
            [value]="null"
            (selectionChange)="addTemplate($event.value); $event.source.writeValue(null)"
          >
            @for (name of templates; track name) {
              <mat-option [value]="name">{{ t('console.notify.templates.' + name) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
    </fieldset>
  `,
  styles: `
    .rows {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 12px 12px;
      margin: 0 0 12px;
      min-width: 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-bottom: 12px;
      padding-bottom: 8px;
      border-bottom: 1px dashed var(--mat-sys-outline-variant);
    }
    .row mat-form-field {
      flex: 1 1 200px;
      min-width: 0;
    }
    .row mat-form-field.days {
      flex: 0 1 140px;
    }
    .channels,
    .tools,
    .add {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .note,
    .last-sent {
      flex-basis: 100%;
      margin: 0;
      font-size: 0.875rem;
    }
    .not-mentioned {
      display: block;
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationRulesEditorComponent implements OnInit {
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly api = inject(WorkspacesApi);
  private readonly orgs = inject(OrganizationsApi);
  private readonly transloco = inject(TranslocoService);
  readonly rows = input.required<FormArray<NotificationRow>>();
  /** The saved workspace, for previews, test sends and the rules' status; absent while creating. */
  readonly workspaceId = input<string>();
  /** The rules as saved: their status is reloaded whenever they change. */
  readonly savedRules = input<readonly NotificationRule[] | undefined>();
  readonly events = NOTIFICATION_EVENTS;
  readonly channels = NOTIFICATION_CHANNELS;
  readonly statusEvents = STATUS_EVENTS;
  readonly mentionRoles = MENTION_ROLES;
  readonly templates = Object.keys(RULE_TEMPLATES);
  readonly people = signal<{ id: string; displayName: string }[]>([]);
  readonly statuses = signal<RuleStatus[]>([]);
  readonly previews = signal<Record<number, RulePreview>>({});
  readonly notes = signal<Record<number, string>>({});

  constructor() {
    effect(() => {
      const id = this.workspaceId();
      this.savedRules();
      if (id)
        void this.api.ruleStatus(id).then(
          (s) => this.statuses.set(s),
          () => this.statuses.set([]),
        );
    });
  }

  ngOnInit(): void {
    // Internal users may be @-mentioned: the members of the internal organisation(s).
    void this.orgs
      .listAll()
      .then((all) =>
        Promise.all(all.filter((o) => o.kind === 'internal').map((o) => this.orgs.allMembers(o.id))),
      )
      .then(
        (lists) => this.people.set(lists.flat().filter((u) => u.status === 'active')),
        () => this.people.set([]),
      );
  }

  add(): void {
    this.rows().push(notificationRow(this.fb));
  }

  addTemplate(name: string | null): void {
    const template = name ? RULE_TEMPLATES[name] : undefined;
    if (template) this.rows().push(notificationRow(this.fb, template));
  }

  remove(index: number): void {
    this.rows().removeAt(index);
    // Row-bound results belong to the rows as they were; the status follows the saved rules again on save.
    this.previews.set({});
    this.notes.set({});
    this.statuses.set([]);
  }

  toggle(row: NotificationRow, channel: NotificationChannel, on: boolean): void {
    const current = row.controls.channels.value;
    row.controls.channels.setValue(
      on ? [...new Set([...current, channel])] : current.filter((c) => c !== channel),
    );
  }

  postsToGroup(row: NotificationRow): boolean {
    return row.controls.channels.value.some((c) => GROUP_CHANNELS.includes(c));
  }

  async preview(index: number, row: NotificationRow): Promise<void> {
    const id = this.workspaceId();
    if (!id) return;
    try {
      const shown = await this.api.previewRule(id, toNotificationRule(row.getRawValue()));
      this.previews.update((p) => ({ ...p, [index]: shown }));
      this.note(index, '');
    } catch (error) {
      this.note(index, this.problemText(error));
    }
  }

  async sendTest(index: number, row: NotificationRow): Promise<void> {
    const id = this.workspaceId();
    if (!id) return;
    try {
      const { queued } = await this.api.testRule(id, toNotificationRule(row.getRawValue()));
      const names = queued.map((c) => this.transloco.translate(`console.notify.channel.${c}`)).join(', ');
      this.note(index, this.transloco.translate('console.notify.testQueued', { channels: names }));
    } catch (error) {
      this.note(
        index,
        toApiProblem(error).status === 429
          ? this.transloco.translate('console.notify.testTooSoon')
          : this.problemText(error),
      );
    }
  }

  private problemText(error: unknown): string {
    const problem = toApiProblem(error);
    return problem.detail ?? this.transloco.translate(problem.messageKey);
  }

  private note(index: number, text: string): void {
    this.notes.update((n) => ({ ...n, [index]: text }));
  }
}
