import type { AuditEvent } from './entities/audit-event.entity';

const COLUMNS = [
  'at',
  'action',
  'actor_id',
  'actor_org_id',
  'org_id',
  'workspace_id',
  'resource_type',
  'resource_id',
  'ip',
  'user_agent',
  'details',
] as const;

/**
 * One CSV cell (RFC 4180 quoting). Text a spreadsheet would run as a formula (leading = + - @,
 * tab or CR) gets a leading apostrophe: audit data includes attacker-chosen text such as emails
 * and user agents (OWASP "CSV injection").
 */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function auditCsvHeader(): string {
  return COLUMNS.join(',') + '\r\n';
}

export function auditCsvRow(e: AuditEvent): string {
  return (
    [
      e.at,
      e.action,
      e.actorId,
      e.actorOrgId,
      e.orgId,
      e.workspaceId,
      e.resourceType,
      e.resourceId,
      e.ip,
      e.userAgent,
      e.details,
    ]
      .map(csvCell)
      .join(',') + '\r\n'
  );
}
