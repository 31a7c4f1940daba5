import type { JiraClient, JiraIssue } from './jira-client.port';
import { JiraNotFoundError, JiraValidationError } from './jira-errors';

/** Issue keys per `key in (…)` search. */
const BATCH = 50;

export interface KeyBatchResult {
  /** Issues among the batch's keys that match the condition. */
  issues: JiraIssue[];
  /** Keys of the batch that name no issue any more (deleted, or out of the account's sight). */
  goneKeys: string[];
}

export interface SearchAmongKeysOptions {
  /** JQL AND-ed to each search; a function is called for each one (e.g. a relative date of that moment). */
  where?: string | (() => string);
  fields: string[];
}

/**
 * Searches known issues by key, `BATCH` keys per `key in (…)` search, AND-ed with `where` when given; yields
 * one result per batch. Jira refuses a whole search (400) when one listed key names no issue the account can
 * see, so a refused batch is split in halves until the gone keys stand alone, and a lone key counts as gone
 * only when reading the issue answers 404 — any other refusal (a bad `where`) is thrown as it came.
 */
export async function* searchAmongKeys(
  jira: JiraClient,
  keys: string[],
  options: SearchAmongKeysOptions,
): AsyncGenerator<KeyBatchResult> {
  for (let i = 0; i < keys.length; i += BATCH)
    yield await searchBatch(jira, keys.slice(i, i + BATCH), options);
}

async function searchBatch(
  jira: JiraClient,
  keys: string[],
  options: SearchAmongKeysOptions,
): Promise<KeyBatchResult> {
  const where = typeof options.where === 'function' ? options.where() : options.where;
  const jql = `key in (${keys.join(', ')})${where ? ` AND (${where})` : ''}`;
  try {
    const issues: JiraIssue[] = [];
    for await (const issue of jira.searchIssues({ jql, fields: options.fields, pageSize: keys.length }))
      issues.push(issue);
    return { issues, goneKeys: [] };
  } catch (error) {
    if (!(error instanceof JiraValidationError) || error.status !== 400) throw error;
    if (keys.length === 1) {
      if (await isGone(jira, keys[0])) return { issues: [], goneKeys: keys };
      throw error;
    }
    const half = Math.ceil(keys.length / 2);
    const first = await searchBatch(jira, keys.slice(0, half), options);
    const second = await searchBatch(jira, keys.slice(half), options);
    return { issues: [...first.issues, ...second.issues], goneKeys: [...first.goneKeys, ...second.goneKeys] };
  }
}

async function isGone(jira: JiraClient, key: string): Promise<boolean> {
  try {
    await jira.getIssue(key, { fields: ['id'] });
    return false;
  } catch (error) {
    if (error instanceof JiraNotFoundError) return true;
    throw error;
  }
}
