import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { Organization, Workspace } from '../api/console-api.types';
import { OrganizationsApi } from '../../team/organizations-api.service';
import { WorkspacesApi } from '../api/workspaces-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { FieldPickerComponent } from '../ui/field-picker.component';
import { SUGGESTED_DEFAULT_FIELDS } from '../ui/jira-fields';
import { ProblemAlertComponent } from '../ui/problem-alert.component';
import { KingdeeSupplierComponent } from '../orders/kingdee-supplier.component';
import { DownloadPolicyCardComponent } from './download-policy-card.component';
import { NotificationRulesEditorComponent } from './notification-rules-editor.component';
import { RedactionRulesEditorComponent } from './redaction-rules-editor.component';
import { StatusMapEditorComponent } from './status-map-editor.component';
import { buildWorkspaceForm, patchWorkspaceForm, toWorkspaceInput } from './workspace-form.model';

/** Creates a workspace, or edits one (`id` set): sources, fields, status map, redaction, publishing, expiry, notifications. */
@Component({
  selector: 'app-workspace-form-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    TranslocoDirective,
    ProblemAlertComponent,
    KingdeeSupplierComponent,
    DownloadPolicyCardComponent,
    FieldPickerComponent,
    StatusMapEditorComponent,
    RedactionRulesEditorComponent,
    NotificationRulesEditorComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <p>
        <a routerLink="/console/workspaces">{{ t('console.workspaces.back') }}</a>
      </p>
      <div class="toolbar">
        <h1 class="page-title">
          {{ id() ? (workspace()?.name ?? t('console.workspaces.edit')) : t('console.workspaces.create') }}
        </h1>
        @if (id(); as wsId) {
          <a mat-stroked-button [routerLink]="['/console/workspaces', wsId, 'items']">{{
            t('console.items.sharedItems')
          }}</a>
          <a mat-stroked-button [routerLink]="['/console/workspaces', wsId, 'transmittals']">{{
            t('console.transmittals.nav')
          }}</a>
          <a mat-flat-button [routerLink]="['/console/workspaces', wsId, 'share']">{{
            t('console.items.share')
          }}</a>
        }
      </div>
      <app-problem-alert [problem]="loadProblem()" />
      @if (workspace()?.fieldNotice; as notice) {
        <div class="card field-notice" role="status">
          <h2>{{ t('console.fieldNotice.title') }}</h2>
          <p>{{ t('console.fieldNotice.body') }}</p>
          <ul>
            @for (entry of notice.unmatched; track $index) {
              <li>
                @if (entry.itemId) {
                  <a [routerLink]="['/console/items', entry.itemId]">{{ entry.sourceRef }}</a>:
                } @else {
                  {{ t('console.fieldNotice.defaults') }}:
                }
                {{ entry.names?.join(', ') }}
              </li>
            }
          </ul>
          <button mat-stroked-button type="button" (click)="dismissFieldNotice()" [disabled]="saving()">
            {{ t('console.fieldNotice.dismiss') }}
          </button>
        </div>
      }

      <form [formGroup]="form" (ngSubmit)="save()" novalidate>
        <div class="card">
          <h2>{{ t('console.workspaces.basics') }}</h2>
          <div class="form-row">
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.name') }}</mat-label>
              <input matInput formControlName="name" maxlength="200" />
              @if (form.controls.name.touched && form.controls.name.invalid) {
                <mat-error>{{ t('console.errors.required') }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.supplier') }}</mat-label>
              <mat-select formControlName="supplierOrgId">
                @for (org of orgs(); track org.id) {
                  <mat-option [value]="org.id">{{ org.name }}</mat-option>
                }
              </mat-select>
              @if (id()) {
                <mat-hint>{{ t('console.workspaces.supplierFixed') }}</mat-hint>
              }
              @if (form.controls.supplierOrgId.touched && form.controls.supplierOrgId.invalid) {
                <mat-error>{{ t('console.errors.required') }}</mat-error>
              }
            </mat-form-field>
          </div>
        </div>

        <div class="card">
          <h2>{{ t('console.workspaces.sources') }}</h2>
          <div class="form-row">
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.jiraProject') }}</mat-label>
              <input matInput formControlName="jiraProjectKey" maxlength="32" placeholder="HW" />
              @if (form.controls.jiraProjectKey.invalid) {
                <mat-error>{{ t('console.workspaces.jiraProjectInvalid') }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.jiraIssueType') }}</mat-label>
              <input matInput formControlName="jiraIssueType" maxlength="64" placeholder="Bug" />
              <mat-hint>{{ t('console.workspaces.jiraIssueTypeHint') }}</mat-hint>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.jiraScope') }}</mat-label>
              <input matInput formControlName="jiraScopeJql" maxlength="2000" placeholder="labels = acme" />
              <mat-hint>{{ t('console.workspaces.jiraScopeHint') }}</mat-hint>
            </mat-form-field>
          </div>
          <div class="form-row">
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.feishuFolder') }}</mat-label>
              <input matInput formControlName="feishuFolderToken" maxlength="128" />
              @if (form.controls.feishuFolderToken.invalid) {
                <mat-error>{{ t('console.workspaces.tokenInvalid') }}</mat-error>
              }
            </mat-form-field>
          </div>
          <app-field-picker
            [(selected)]="defaultFields"
            [workspaceId]="id() ?? null"
            [legend]="t('console.workspaces.defaultFields')"
          />
        </div>

        <div class="card">
          <h2>{{ t('console.workspaces.supplierView') }}</h2>
          <app-status-map-editor [rows]="form.controls.statusMap" />
          <app-redaction-rules-editor [rows]="form.controls.redactionRules" />
        </div>

        <div class="card">
          <h2>{{ t('console.workspaces.publishingAccess') }}</h2>
          <mat-slide-toggle formControlName="autoPublish">{{
            t('console.workspaces.autoPublishLabel')
          }}</mat-slide-toggle>
          <p class="muted">{{ t('console.workspaces.autoPublishHint') }}</p>
          <div class="form-row">
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.expiresAt') }}</mat-label>
              <input matInput type="datetime-local" formControlName="accessExpiresAt" />
              <mat-hint>{{ t('console.workspaces.expiresHint') }}</mat-hint>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.acknowledgeWithinDays') }}</mat-label>
              <input matInput type="number" min="1" max="365" formControlName="acknowledgeWithinDays" />
              <mat-hint>{{ t('console.workspaces.acknowledgeWithinDaysHint') }}</mat-hint>
            </mat-form-field>
          </div>
          @if (id()) {
            <mat-slide-toggle formControlName="archived">{{
              t('console.workspaces.archiveLabel')
            }}</mat-slide-toggle>
          }
        </div>

        <div class="card">
          <h2>{{ t('console.workspaces.notifications') }}</h2>
          <div class="form-row">
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.feishuChat') }}</mat-label>
              <input matInput formControlName="feishuChatId" maxlength="128" placeholder="oc_…" />
              @if (form.controls.feishuChatId.invalid) {
                <mat-error>{{ t('console.workspaces.tokenInvalid') }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.dingtalkWebhook') }}</mat-label>
              <input matInput type="url" formControlName="dingtalkWebhook" maxlength="1000" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.workspaces.dingtalkSecret') }}</mat-label>
              <input
                matInput
                type="password"
                formControlName="dingtalkSecret"
                maxlength="200"
                autocomplete="new-password"
              />
              @if (workspace()?.dingtalkSecretSet) {
                <mat-hint>{{ t('console.workspaces.secretSet') }}</mat-hint>
              }
            </mat-form-field>
          </div>
          <app-notification-rules-editor
            [rows]="form.controls.notificationRules"
            [workspaceId]="id()"
            [savedRules]="workspace()?.notificationRules"
          />
        </div>

        <app-problem-alert [problem]="saveProblem()" />
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="saving() || !canSubmit()">
            {{ id() ? t('console.common.save') : t('console.workspaces.createButton') }}
          </button>
          <span class="status-line" role="status">{{ saved() ? t('console.common.saved') : '' }}</span>
        </div>
      </form>
      @if (id(); as wsId) {
        <app-kingdee-supplier [workspaceId]="wsId" />
        <app-download-policy-card [workspaceId]="wsId" />
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkspaceFormPage implements OnInit {
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly api = inject(WorkspacesApi);
  private readonly orgsApi = inject(OrganizationsApi);
  private readonly router = inject(Router);

  /** Route parameter; absent on the create page. */
  readonly id = input<string>();

  readonly form = buildWorkspaceForm(this.fb);
  readonly defaultFields = signal<string[]>([...SUGGESTED_DEFAULT_FIELDS]);
  readonly orgs = signal<Organization[]>([]);
  readonly workspace = signal<Workspace | null>(null);
  readonly loadProblem = signal<ApiProblem | null>(null);
  readonly saveProblem = signal<ApiProblem | null>(null);
  readonly saving = signal(false);
  readonly saved = signal(false);
  readonly canSubmit = computed(() => !this.id() || this.workspace() !== null);

  ngOnInit(): void {
    void this.orgsApi.listAllSuppliers().then(
      (orgs) => this.orgs.set(orgs),
      (error: unknown) => this.loadProblem.set(toApiProblem(error)),
    );
    const id = this.id();
    if (id) {
      this.form.controls.supplierOrgId.disable();
      void this.load(id);
    }
  }

  private async load(id: string): Promise<void> {
    try {
      const ws = await this.api.get(id);
      this.workspace.set(ws);
      patchWorkspaceForm(this.form, this.fb, ws);
      this.defaultFields.set([...ws.defaultFields]);
    } catch (error) {
      this.loadProblem.set(toApiProblem(error));
    }
  }

  /** The PM has dealt with the names the field-name migration could not map. */
  async dismissFieldNotice(): Promise<void> {
    const id = this.id();
    if (!id) return;
    this.saving.set(true);
    try {
      const ws = await this.api.update(id, { dismissFieldNotice: true });
      this.workspace.update((current) => (current ? { ...current, fieldNotice: ws.fieldNotice } : ws));
    } catch (error) {
      this.saveProblem.set(toApiProblem(error));
    } finally {
      this.saving.set(false);
    }
  }

  async save(): Promise<void> {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.saved.set(false);
    this.saveProblem.set(null);
    const id = this.id();
    try {
      const value = this.form.getRawValue();
      if (id) {
        const ws = await this.api.update(id, toWorkspaceInput(value, this.defaultFields(), 'update'));
        this.workspace.set(ws);
        this.form.controls.dingtalkSecret.setValue('');
        this.saved.set(true);
      } else {
        const ws = await this.api.create(toWorkspaceInput(value, this.defaultFields(), 'create'));
        await this.router.navigate(['/console/workspaces', ws.id]);
      }
    } catch (error) {
      this.saveProblem.set(toApiProblem(error));
    } finally {
      this.saving.set(false);
    }
  }
}
