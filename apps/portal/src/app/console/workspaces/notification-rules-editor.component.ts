import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormArray, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  NotificationChannel,
  STATUS_EVENTS,
} from '../api/console-api.types';
import { NotificationRow, notificationRow } from './workspace-form.model';

/** Trigger rules: which event notifies through which channels (Feishu group, DingTalk, email, in-app). */
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
  ],
  template: `
    <fieldset class="rows" *transloco="let t">
      <legend>{{ t('console.notify.legend') }}</legend>
      @for (row of rows().controls; track row; let i = $index) {
        <div class="row" [formGroup]="row">
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
              <input matInput formControlName="whenStatus" maxlength="100" />
            </mat-form-field>
          }
          <button
            mat-button
            type="button"
            (click)="rows().removeAt(i)"
            [attr.aria-label]="t('console.notify.remove', { n: i + 1 })"
          >
            {{ t('console.common.remove') }}
          </button>
        </div>
      }
      <button mat-stroked-button type="button" (click)="add()">{{ t('console.notify.add') }}</button>
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
    .channels {
      display: flex;
      flex-wrap: wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationRulesEditorComponent {
  private readonly fb = inject(NonNullableFormBuilder);
  readonly rows = input.required<FormArray<NotificationRow>>();
  readonly events = NOTIFICATION_EVENTS;
  readonly channels = NOTIFICATION_CHANNELS;
  readonly statusEvents = STATUS_EVENTS;

  add(): void {
    this.rows().push(notificationRow(this.fb));
  }

  toggle(row: NotificationRow, channel: NotificationChannel, on: boolean): void {
    const current = row.controls.channels.value;
    row.controls.channels.setValue(
      on ? [...new Set([...current, channel])] : current.filter((c) => c !== channel),
    );
  }
}
