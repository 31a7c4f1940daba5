import { FormControl, FormGroup, NonNullableFormBuilder, Validators } from '@angular/forms';
import {
  STATUS_EVENTS,
  type NotificationChannel,
  type NotificationEvent,
  type NotificationRule,
  type RedactionRule,
  type Workspace,
  type WorkspaceInput,
} from '../api/console-api.types';

export type StatusMapRow = FormGroup<{ internal: FormControl<string>; supplier: FormControl<string> }>;
export type RedactionRow = FormGroup<{
  pattern: FormControl<string>;
  flags: FormControl<string>;
  replacement: FormControl<string>;
}>;
export type NotificationRow = FormGroup<{
  event: FormControl<NotificationEvent>;
  channels: FormControl<NotificationChannel[]>;
  /** Only for status events: the status names, comma-separated, in any language ("测试中, In Testing"). */
  whenStatus: FormControl<string>;
  /** `assignee`, `reporter`, `owner`, `co_owners`, `user:<id>`. */
  mention: FormControl<string[]>;
  /** Only for item.version_unacknowledged. */
  afterDays: FormControl<number>;
}>;

export type NotificationRowValue = WorkspaceFormValue['notificationRules'][number];

/** Flat form values of the workspace editor, as the template edits them. */
export interface WorkspaceFormValue {
  name: string;
  supplierOrgId: string;
  jiraProjectKey: string;
  /** Issue type of the Jira issues made from defect reports; empty means the API's default (Bug). */
  jiraIssueType: string;
  jiraScopeJql: string;
  feishuFolderToken: string;
  feishuChatId: string;
  dingtalkWebhook: string;
  dingtalkSecret: string;
  autoPublish: boolean;
  /** Days after which the console home counts a version nobody acknowledged. */
  acknowledgeWithinDays: number;
  /** `<input type="datetime-local">` value in the browser's time zone, or ''. */
  accessExpiresAt: string;
  archived: boolean;
  statusMap: Array<{ internal: string; supplier: string }>;
  redactionRules: Array<{ pattern: string; flags: string; replacement: string }>;
  notificationRules: Array<{
    event: NotificationEvent;
    channels: NotificationChannel[];
    whenStatus: string;
    mention: string[];
    afterDays: number;
  }>;
}

export function buildWorkspaceForm(fb: NonNullableFormBuilder) {
  return fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    supplierOrgId: ['', Validators.required],
    jiraProjectKey: ['', Validators.pattern(/^[A-Z][A-Z0-9_]{0,31}$/)],
    jiraIssueType: ['Bug', Validators.maxLength(64)],
    jiraScopeJql: ['', Validators.maxLength(2000)],
    feishuFolderToken: ['', Validators.pattern(/^[A-Za-z0-9_-]{1,128}$/)],
    feishuChatId: ['', Validators.pattern(/^[A-Za-z0-9_-]{1,128}$/)],
    dingtalkWebhook: ['', Validators.maxLength(1000)],
    dingtalkSecret: ['', Validators.maxLength(200)],
    autoPublish: [false],
    acknowledgeWithinDays: [5, [Validators.required, Validators.min(1), Validators.max(365)]],
    accessExpiresAt: [''],
    archived: [false],
    statusMap: fb.array<StatusMapRow>([]),
    redactionRules: fb.array<RedactionRow>([]),
    notificationRules: fb.array<NotificationRow>([]),
  });
}

export type WorkspaceForm = ReturnType<typeof buildWorkspaceForm>;

export function statusMapRow(fb: NonNullableFormBuilder, internal = '', supplier = ''): StatusMapRow {
  return fb.group({
    internal: [internal, [Validators.required, Validators.maxLength(100)]],
    supplier: [supplier, [Validators.required, Validators.maxLength(100)]],
  });
}

export function redactionRow(fb: NonNullableFormBuilder, rule: Partial<RedactionRule> = {}): RedactionRow {
  return fb.group({
    pattern: [rule.pattern ?? '', [Validators.required, Validators.maxLength(200)]],
    flags: [rule.flags ?? '', Validators.pattern(/^[imsu]*$/)],
    replacement: [rule.replacement ?? '', Validators.maxLength(50)],
  });
}

export function notificationRow(fb: NonNullableFormBuilder, rule?: NotificationRule): NotificationRow {
  // The API also accepts the shorthand `jira.status_entered:<status>`; the form shows it as event + status.
  const entered = /^jira\.status_entered:(.+)$/.exec(rule?.event ?? '');
  const event = entered ? 'jira.status_entered' : rule?.event;
  const statuses = entered
    ? [entered[1]]
    : rule?.statuses?.length
      ? rule.statuses
      : [rule?.when?.['status'] ?? ''];
  return fb.group({
    event: fb.control<NotificationEvent>(event ?? 'item.version_published'),
    channels: fb.control<NotificationChannel[]>(rule?.channels ?? ['email', 'in_app']),
    whenStatus: [statuses.filter(Boolean).join(', '), Validators.maxLength(1000)],
    mention: fb.control<string[]>(rule?.mention ?? []),
    afterDays: [rule?.afterDays ?? 3, [Validators.min(1), Validators.max(365)]],
  });
}

/** A rule row as the API takes it: status names split on commas (Latin or Chinese), empty parts dropped. */
export function toNotificationRule(row: NotificationRowValue): NotificationRule {
  const statuses = STATUS_EVENTS.includes(row.event)
    ? row.whenStatus
        .split(/[,，;；]/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  return {
    event: row.event,
    channels: [...row.channels],
    ...(statuses.length === 1 ? { when: { status: statuses[0] } } : {}),
    ...(statuses.length > 1 ? { statuses } : {}),
    ...(row.mention.length ? { mention: [...row.mention] } : {}),
    ...(row.event === 'item.version_unacknowledged' ? { afterDays: row.afterDays } : {}),
  };
}

/** Fills the form (and its row arrays) from a stored workspace. */
export function patchWorkspaceForm(form: WorkspaceForm, fb: NonNullableFormBuilder, ws: Workspace): void {
  form.controls.statusMap.clear();
  for (const [internal, supplier] of Object.entries(ws.statusMap ?? {})) {
    form.controls.statusMap.push(statusMapRow(fb, internal, supplier));
  }
  form.controls.redactionRules.clear();
  for (const rule of ws.redactionRules ?? []) form.controls.redactionRules.push(redactionRow(fb, rule));
  form.controls.notificationRules.clear();
  for (const rule of ws.notificationRules ?? [])
    form.controls.notificationRules.push(notificationRow(fb, rule));
  form.patchValue({
    name: ws.name,
    supplierOrgId: ws.supplierOrgId,
    jiraProjectKey: ws.jiraProjectKey ?? '',
    jiraIssueType: ws.jiraIssueType ?? 'Bug',
    jiraScopeJql: ws.jiraScopeJql ?? '',
    feishuFolderToken: ws.feishuFolderToken ?? '',
    feishuChatId: ws.feishuChatId ?? '',
    dingtalkWebhook: ws.dingtalkWebhook ?? '',
    dingtalkSecret: '',
    autoPublish: ws.autoPublish,
    acknowledgeWithinDays: ws.acknowledgeWithinDays,
    accessExpiresAt: ws.accessExpiresAt ? toLocalInputValue(new Date(ws.accessExpiresAt)) : '',
    archived: ws.archivedAt !== null,
  });
}

/**
 * The request body. Creating omits what is empty; updating sends null for what was cleared, because
 * the API reads an absent field as "unchanged". The DingTalk secret is write-only: sent only when typed.
 */
export function toWorkspaceInput(
  value: WorkspaceFormValue,
  defaultFields: readonly string[],
  mode: 'create' | 'update',
): WorkspaceInput {
  const optional = (text: string): string | null | undefined => {
    const trimmed = text.trim();
    if (trimmed) return trimmed;
    return mode === 'create' ? undefined : null;
  };
  const statusMap: Record<string, string> = {};
  for (const row of value.statusMap) {
    const internal = row.internal.trim();
    if (internal) statusMap[internal] = row.supplier.trim();
  }
  const redactionRules: RedactionRule[] = value.redactionRules
    .filter((r) => r.pattern !== '')
    .map((r) => ({
      pattern: r.pattern,
      ...(r.flags ? { flags: r.flags } : {}),
      ...(r.replacement ? { replacement: r.replacement } : {}),
    }));
  const notificationRules: NotificationRule[] = value.notificationRules
    .filter((r) => r.channels.length > 0)
    .map(toNotificationRule);
  const input: WorkspaceInput = {
    name: value.name.trim(),
    jiraProjectKey: optional(value.jiraProjectKey),
    jiraIssueType: optional(value.jiraIssueType),
    jiraScopeJql: optional(value.jiraScopeJql),
    feishuFolderToken: optional(value.feishuFolderToken),
    feishuChatId: optional(value.feishuChatId),
    dingtalkWebhook: optional(value.dingtalkWebhook),
    defaultFields: [...defaultFields],
    statusMap,
    redactionRules,
    autoPublish: value.autoPublish,
    acknowledgeWithinDays: value.acknowledgeWithinDays,
    notificationRules,
    accessExpiresAt: value.accessExpiresAt
      ? new Date(value.accessExpiresAt).toISOString()
      : mode === 'create'
        ? undefined
        : null,
  };
  if (value.dingtalkSecret.trim()) input.dingtalkSecret = value.dingtalkSecret.trim();
  if (mode === 'create') input.supplierOrgId = value.supplierOrgId;
  else input.archived = value.archived;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as WorkspaceInput;
}

/** `yyyy-MM-ddTHH:mm` in local time, what `<input type="datetime-local">` shows. */
export function toLocalInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
