import type { ReconcileTick } from '../sync-events';

/** Without a usable tick (a manual run), look back this far. */
const DEFAULT_LOOK_BACK_MS = 3600_000;

/** The tick's `since`, or an hour ago when it has none. */
export function tickSince(tick: Partial<ReconcileTick> = {}): string {
  return tick.since && !Number.isNaN(Date.parse(tick.since))
    ? tick.since
    : new Date(Date.now() - DEFAULT_LOOK_BACK_MS).toISOString();
}

/**
 * A JQL date for "since `iso`" as a relative duration in whole minutes (`-16m`), one minute earlier so a
 * boundary edit is not missed. Jira reads an absolute JQL date in the API account's own time zone, so
 * "2026-11-25 10:00" written in UTC would skip five hours of changes for an account in New York; a
 * relative date means the same instant in every zone.
 */
export function jqlSince(iso: string, now = Date.now()): string {
  const minutes = Math.max(1, Math.ceil((now - Date.parse(iso)) / 60_000) + 1);
  return `-${minutes}m`;
}
