import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { TranslocoDirective } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';

export interface ConfirmData {
  /** Translation keys and their parameters. */
  title: string;
  body: string;
  confirm: string;
  params?: Record<string, unknown>;
}

/** "Are you sure?" before a step that cannot be undone (issuing, submitting a response). */
@Component({
  selector: 'app-confirm-dialog',
  imports: [MatButtonModule, MatDialogModule, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      <h2 mat-dialog-title>{{ t(data.title, data.params) }}</h2>
      <mat-dialog-content>
        <p>{{ t(data.body, data.params) }}</p>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="false">{{ t('transmittals.cancel') }}</button>
        <button mat-flat-button type="button" [mat-dialog-close]="true" cdkFocusInitial>
          {{ t(data.confirm, data.params) }}
        </button>
      </mat-dialog-actions>
    </ng-container>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialog {
  readonly data = inject<ConfirmData>(MAT_DIALOG_DATA);
}

/** True when the user confirmed. */
export async function confirmStep(dialog: MatDialog, data: ConfirmData): Promise<boolean> {
  const ref = dialog.open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, maxWidth: '480px' });
  return (await firstValueFrom(ref.afterClosed())) === true;
}
